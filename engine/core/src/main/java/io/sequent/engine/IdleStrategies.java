package io.sequent.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The idle strategies a configuration may name, for every polling thread of the engine and the gateway. On a small
 * machine use one that gives the core away: {@code backoff} (spin, yield, then park from 1 us up to 100 us) is the
 * default; {@code sleeping} parks 1 ms; {@code yielding}, {@code busy-spin} and {@code noop} only with a core per
 * thread.
 */
public final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    /**
     * @param name backoff, yielding, sleeping, busy-spin or noop.
     * @return a new instance of the named strategy (instances keep state: one per thread).
     * @throws IllegalArgumentException naming the valid choices when the name is unknown.
     */
    public static IdleStrategy of(final String name)
    {
        return switch (name)
        {
            case "backoff" -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
            case "yielding" -> new YieldingIdleStrategy();
            case "sleeping" -> new SleepingMillisIdleStrategy(1);
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "noop" -> new NoOpIdleStrategy();
            default -> throw new IllegalArgumentException(
                "unknown idle strategy '" + name + "': use backoff, yielding, sleeping, busy-spin or noop");
        };
    }
}
