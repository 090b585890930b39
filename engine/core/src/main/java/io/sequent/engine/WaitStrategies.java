package io.sequent.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The ring wait strategies a configuration may name. On a small machine (2 cores) use one that gives the core
 * away: {@code blocking} (the default: a waiting thread sleeps until signalled) measured best on 2 cores,
 * {@code sleeping} spins, yields then parks; {@code yielding} and {@code busy-spin} only with a core per thread.
 */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    /**
     * @param name one of {@code sleeping}, {@code yielding}, {@code blocking}, {@code busy-spin}.
     * @return a new instance of the named strategy.
     * @throws IllegalArgumentException naming the valid choices when the name is unknown.
     */
    public static WaitStrategy of(final String name)
    {
        return switch (name)
        {
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "blocking" -> new BlockingWaitStrategy();
            case "busy-spin" -> new BusySpinWaitStrategy();
            default -> throw new IllegalArgumentException(
                "unknown wait strategy '" + name + "': use sleeping, yielding, blocking or busy-spin");
        };
    }

    /**
     * The named strategy, with a time-out: a consumer that waits that long for an event gets
     * {@code EventHandler.onTimeout}, so it can act on time while the ring is idle.
     *
     * @param name         one of {@code sleeping}, {@code yielding}, {@code blocking}, {@code busy-spin}.
     * @param timeoutNanos how long one wait lasts at most; 0 for none (then this is {@link #of(String)}).
     * @return a new instance.
     * @throws IllegalArgumentException naming the valid choices when the name is unknown.
     */
    public static WaitStrategy withTimeout(final String name, final long timeoutNanos)
    {
        if (timeoutNanos <= 0)
        {
            return of(name);
        }
        return switch (name)
        {
            case "sleeping" -> new TimeoutSpinningWaitStrategy(TimeoutSpinningWaitStrategy.Idle.SLEEP, timeoutNanos);
            case "yielding" -> new TimeoutSpinningWaitStrategy(TimeoutSpinningWaitStrategy.Idle.YIELD, timeoutNanos);
            case "blocking" -> new TimeoutBlockingWaitStrategy(timeoutNanos, TimeUnit.NANOSECONDS);
            case "busy-spin" -> new TimeoutSpinningWaitStrategy(TimeoutSpinningWaitStrategy.Idle.SPIN, timeoutNanos);
            default -> of(name);
        };
    }
}
