package io.sequent.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * The spinning wait strategies ({@code sleeping}, {@code yielding}, {@code busy-spin}) with a time-out: a consumer
 * that has waited that long gets {@code onTimeout}, so it can act on time while no event comes (the snapshotter's
 * timer). Disruptor has a timing-out variant of {@code blocking} only. Stateless, so one instance serves every
 * barrier of a ring.
 */
final class TimeoutSpinningWaitStrategy implements WaitStrategy
{
    /** How a waiting thread spends a round. */
    enum Idle
    {
        /** Spin, then yield, then park 100 ns, as Disruptor's SleepingWaitStrategy. */
        SLEEP,
        /** Spin, then yield. */
        YIELD,
        /** Spin only: for a core of its own. */
        SPIN
    }

    private static final int SPIN_ROUNDS = 100;
    private static final int YIELD_ROUNDS = 200;
    // The clock is read once every so many rounds: cheap against a 100 ns park, and time-outs are coarse.
    private static final int CLOCK_MASK = 0x3F;

    private final Idle idle;
    private final long timeoutNanos;

    /**
     * @param idle         how to wait.
     * @param timeoutNanos how long a wait lasts at most before the consumer gets {@code onTimeout}.
     */
    TimeoutSpinningWaitStrategy(final Idle idle, final long timeoutNanos)
    {
        this.idle = idle;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, TimeoutException
    {
        long available;
        int rounds = 0;
        long deadline = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            rounds++;
            if ((rounds & CLOCK_MASK) == 0)
            {
                final long now = System.nanoTime();
                if (deadline == 0)
                {
                    deadline = now + timeoutNanos;
                }
                else if (now - deadline >= 0)
                {
                    throw TimeoutException.INSTANCE;
                }
            }
            idle(rounds);
        }
        return available;
    }

    private void idle(final int rounds)
    {
        if (idle == Idle.SPIN || rounds < SPIN_ROUNDS)
        {
            Thread.onSpinWait();
        }
        else if (idle == Idle.YIELD || rounds < YIELD_ROUNDS)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(100);
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        // Nothing blocks.
    }

    @Override
    public String toString()
    {
        return "TimeoutSpinningWaitStrategy{" + idle + ", timeout " + timeoutNanos + " ns}";
    }
}
