package io.sequent.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long operation over a known number of steps (journal entries, events), printed to standard error at
 * most once a second, so that standard output keeps only the result and a long run never looks hung.
 */
public final class Progress
{
    private static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final String label;
    private final long total;
    private final PrintStream out;
    private final long startNs = System.nanoTime();
    private long nextPrintNs = startNs + INTERVAL_NS;
    private boolean printed;

    /**
     * @param label what is being done, e.g. "rebuilding projections".
     * @param total steps in all, or 0 when not known.
     * @param out   where to print (standard error).
     */
    public Progress(final String label, final long total, final PrintStream out)
    {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    /**
     * @param done steps done so far; prints when a second has passed since the last print.
     */
    public void update(final long done)
    {
        if ((done & 1023) == 0)
        {
            final long now = System.nanoTime();
            if (now >= nextPrintNs)
            {
                nextPrintNs = now + INTERVAL_NS;
                print(done, now);
            }
        }
    }

    /**
     * Prints the last line, when any line was printed (a short operation prints nothing).
     *
     * @param done steps done in all.
     */
    public void finish(final long done)
    {
        if (printed)
        {
            print(done, System.nanoTime());
        }
    }

    private void print(final long done, final long now)
    {
        printed = true;
        final double seconds = (now - startNs) / 1e9;
        out.printf("   %s: %,d%s, %.0f s (%,.0f/s)%n", label, done,
            total > 0 ? String.format(" of %,d (%d%%)", total, done * 100 / total) : "", seconds,
            seconds > 0 ? done / seconds : 0.0);
        out.flush();
    }
}
