package io.sequent.client;

import java.time.Duration;

/**
 * When the client may try to open a session next: at once at first, then after a wait that starts at the minimum,
 * doubles after each failed attempt up to the maximum, and falls back to the minimum once a session opens. Times are
 * {@link System#nanoTime()} values. Owned by the client's thread.
 */
final class ReconnectBackoff
{
    private final long minNs;
    private final long maxNs;
    private long waitNs;
    private long nextAttemptNs;

    /**
     * @param min first wait.
     * @param max longest wait.
     */
    ReconnectBackoff(final Duration min, final Duration max)
    {
        this.minNs = min.toNanos();
        this.maxNs = max.toNanos();
        this.waitNs = minNs;
    }

    /**
     * @param nowNs the time now.
     * @return true when the next attempt may start.
     */
    boolean isAttemptDue(final long nowNs)
    {
        return nowNs >= nextAttemptNs;
    }

    /**
     * A session opened: the wait after the next loss is the shortest again.
     */
    void onSessionOpened()
    {
        waitNs = minNs;
    }

    /**
     * An open session was lost: try again after the current wait, without lengthening it.
     *
     * @param nowNs the time now.
     */
    void onSessionLost(final long nowNs)
    {
        nextAttemptNs = nowNs + waitNs;
    }

    /**
     * An attempt to open a session failed: try again after the current wait, and wait twice as long after the next
     * failure, up to the maximum.
     *
     * @param nowNs the time now.
     */
    void onAttemptFailed(final long nowNs)
    {
        nextAttemptNs = nowNs + waitNs;
        waitNs = Math.min(waitNs * 2, maxNs);
    }
}
