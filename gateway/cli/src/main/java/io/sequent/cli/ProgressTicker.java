package io.sequent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long step whose work cannot be counted from outside (a timed load): a daemon thread prints the time
 * gone against the time expected every few seconds until the step ends, so a long run never looks hung.
 */
public final class ProgressTicker implements AutoCloseable
{
    private static final long EVERY_MS = 5_000;

    private final Thread thread;

    private ProgressTicker(final String label, final Duration expected, final PrintWriter out)
    {
        final long start = System.nanoTime();
        thread = new Thread(() ->
        {
            try
            {
                while (true)
                {
                    Thread.sleep(EVERY_MS);
                    final long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                    out.printf("   %s: %d s of about %d s%n", label, seconds, expected.toSeconds());
                    out.flush();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "sequent-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param label    what runs, e.g. "engine load".
     * @param expected how long it should take.
     * @param out      where to print.
     * @return the running ticker; close it when the step ends.
     */
    public static ProgressTicker start(final String label, final Duration expected, final PrintWriter out)
    {
        return new ProgressTicker(label, expected, out);
    }

    @Override
    public void close()
    {
        thread.interrupt();
        try
        {
            thread.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
