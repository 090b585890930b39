package io.sequent.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a client may try to open a session: at once at first; after failed attempts, after a wait that doubles up to
 * the maximum; after losing an open session, after the shortest wait again.
 */
class ReconnectBackoffTest
{
    private static final long MS = 1_000_000L;

    private final ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

    @Test
    void theFirstAttemptIsDueAtOnce()
    {
        assertTrue(backoff.isAttemptDue(0));
    }

    @Test
    void eachFailedAttemptDoublesTheWaitUpToTheMaximum()
    {
        long now = 1_000 * MS;
        for (final long waitMs : new long[]{ 100, 200, 400, 400 })
        {
            backoff.onAttemptFailed(now);
            assertFalse(backoff.isAttemptDue(now + waitMs * MS - 1), "not before " + waitMs + " ms");
            assertTrue(backoff.isAttemptDue(now + waitMs * MS), "after " + waitMs + " ms");
            now += waitMs * MS;
        }
    }

    @Test
    void anOpenedSessionBringsTheWaitBackToTheMinimum()
    {
        final long now = 1_000 * MS;
        backoff.onAttemptFailed(now);
        backoff.onAttemptFailed(now);
        backoff.onSessionOpened();
        backoff.onSessionLost(now);
        assertFalse(backoff.isAttemptDue(now + 100 * MS - 1));
        assertTrue(backoff.isAttemptDue(now + 100 * MS));
    }

    @Test
    void losingASessionDoesNotLengthenTheWait()
    {
        final long now = 1_000 * MS;
        backoff.onSessionLost(now);
        backoff.onSessionLost(now);
        assertTrue(backoff.isAttemptDue(now + 100 * MS));
    }
}
