package io.sequent.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keepalive and liveness decisions: a keepalive only for an interval without commands, and a lost connection only
 * when the server has been silent past the timeout.
 */
class LivenessTest
{
    private static final long MS = 1_000_000L;

    private final Liveness liveness = new Liveness(Duration.ofMillis(100), Duration.ofMillis(500));

    @Test
    void aKeepaliveIsDueOnlyForAnIntervalWithoutCommands()
    {
        final long start = 1_000 * MS;
        liveness.onSessionReady(start);
        assertFalse(liveness.isIntervalOver(start + 100 * MS - 1));

        assertTrue(liveness.isIntervalOver(start + 100 * MS));
        assertTrue(liveness.wasIdle(), "nothing sent in the first interval");

        liveness.onCommandSent();
        assertFalse(liveness.isIntervalOver(start + 150 * MS), "the next interval starts where the last ended");
        assertTrue(liveness.isIntervalOver(start + 200 * MS));
        assertFalse(liveness.wasIdle(), "a command went out in the second interval");

        assertTrue(liveness.isIntervalOver(start + 300 * MS));
        assertTrue(liveness.wasIdle(), "each interval starts with nothing sent");
    }

    @Test
    void theServerIsSilentOnlyPastTheTimeoutSinceLastHeard()
    {
        final long start = 1_000 * MS;
        liveness.onHeard(start);
        assertFalse(liveness.isServerSilent(start + 500 * MS));
        assertTrue(liveness.isServerSilent(start + 500 * MS + 1));
        liveness.onHeard(start + 400 * MS);
        assertFalse(liveness.isServerSilent(start + 800 * MS));
    }
}
