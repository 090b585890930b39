package io.sequent.client;

import java.time.Duration;

/**
 * Keepalive and liveness of an open session: the client sends a keepalive in each interval in which it sent no
 * command, and counts the connection as lost when the server, which echoes keepalives, has been silent past the
 * timeout. Decides only; the connection sends. Times are {@link System#nanoTime()} values. Owned by the client's
 * thread.
 */
final class Liveness
{
    private final long keepaliveIntervalNs;
    private final long timeoutNs;
    private long lastHeardNs;
    private long intervalStartNs;
    private boolean sentInInterval;

    /**
     * @param keepaliveInterval how often an idle client sends a keepalive.
     * @param timeout           how long the server may be silent.
     */
    Liveness(final Duration keepaliveInterval, final Duration timeout)
    {
        this.keepaliveIntervalNs = keepaliveInterval.toNanos();
        this.timeoutNs = timeout.toNanos();
    }

    /**
     * A message from the server arrived.
     *
     * @param nowNs the time now.
     */
    void onHeard(final long nowNs)
    {
        lastHeardNs = nowNs;
    }

    /**
     * A command went out: the current interval needs no keepalive.
     */
    void onCommandSent()
    {
        sentInInterval = true;
    }

    /**
     * The session is ready for commands: the first interval starts.
     *
     * @param nowNs the time now.
     */
    void onSessionReady(final long nowNs)
    {
        intervalStartNs = nowNs;
    }

    /**
     * @param nowNs the time now.
     * @return true when nothing has been heard from the server for longer than the timeout.
     */
    boolean isServerSilent(final long nowNs)
    {
        return nowNs - lastHeardNs > timeoutNs;
    }

    /**
     * Ends the current keepalive interval when it is over, and starts the next.
     *
     * @param nowNs the time now.
     * @return true when an interval ended; {@link #wasIdle()} then says whether a keepalive is due.
     */
    boolean isIntervalOver(final long nowNs)
    {
        if (nowNs - intervalStartNs < keepaliveIntervalNs)
        {
            return false;
        }
        intervalStartNs = nowNs;
        return true;
    }

    /**
     * @return true when no command went out in the interval that just ended (a keepalive is due); the next
     *         interval starts with none sent.
     */
    boolean wasIdle()
    {
        final boolean idle = !sentInInterval;
        sentInInterval = false;
        return idle;
    }
}
