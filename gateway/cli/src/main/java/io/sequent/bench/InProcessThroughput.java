package io.sequent.bench;

import io.sequent.engine.Engine;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Drives a generated order flow through an in-process engine (command ring, sequencer, journaler, projector,
 * responder; no network) from one thread, as the gateway would, and measures each command from the moment it was
 * due to the moment its outcome was polled. With a rate, commands are due at fixed intervals and a stall counts
 * against every command it delays (coordinated omission corrected); without one, they are sent as fast as the
 * in-flight window allows, and the figures include the time spent queued.
 */
public final class InProcessThroughput implements OutcomeHandler
{
    /** The client every run sends as. */
    private static final long CLIENT_ID = 1;

    private final Engine<?> engine;
    private final OrderFlowGenerator.Flow flow;
    private final long[] dueNs;
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private int measuredFrom;
    private int answered;
    private int rejected;
    private long correlationBase;

    /**
     * @param engine a running engine; this becomes the thread that offers to it and polls it.
     * @param flow   the commands.
     */
    public InProcessThroughput(final Engine<?> engine, final OrderFlowGenerator.Flow flow)
    {
        this.engine = engine;
        this.flow = flow;
        this.dueNs = new long[flow.count()];
    }

    /**
     * Runs every command of the flow; the setup commands and the warm-up are not measured.
     *
     * @param ratePerSecond fixed rate, or 0 for as fast as possible.
     * @param warmup        order commands after the setup that are not measured.
     * @param maxInFlight   commands offered and not yet answered, at most.
     * @return the measurements of the order commands after the warm-up.
     */
    public Result run(final int ratePerSecond, final int warmup, final int maxInFlight)
    {
        measuredFrom = flow.setupCount() + warmup;
        final long intervalNs = ratePerSecond > 0 ? TimeUnit.SECONDS.toNanos(1) / ratePerSecond : 0;
        // Correlation ids of their own per run, from the clock: a run that reuses a data directory would otherwise be
        // answered from the dedup ledger. One client id for every run: it owns the accounts the first run opened.
        correlationBase = System.currentTimeMillis() << 20;
        int next = 0;
        long start = 0;
        while (answered < flow.count())
        {
            if (next == measuredFrom && answered == next)
            {
                start = System.nanoTime();
            }
            // Up to the measured part, then wait for everything before it to be answered, so it starts clean.
            final int limit = start == 0 ? measuredFrom : flow.count();
            while (next < limit && next - answered < maxInFlight)
            {
                final long now = System.nanoTime();
                final long due = intervalNs == 0 || next < measuredFrom ? now :
                    start + (next - measuredFrom) * intervalNs;
                if (due > now)
                {
                    break;
                }
                if (engine.offer(1, CLIENT_ID, correlationBase + next, flow.buffer(), flow.offset(next),
                    flow.length(next)) < 0)
                {
                    break;
                }
                dueNs[next++] = due;
            }
            if (engine.responder().poll(this) == 0)
            {
                Thread.onSpinWait();
            }
            if (engine.failure() != null)
            {
                throw new IllegalStateException("engine failed", engine.failure());
            }
        }
        final long elapsed = System.nanoTime() - start;
        return new Result(flow.count() - measuredFrom, elapsed, rejected, histogram);
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        final int index = (int)(correlationId - correlationBase);
        answered++;
        if (index >= measuredFrom)
        {
            histogram.recordValue(Math.min(System.nanoTime() - dueNs[index], histogram.getHighestTrackableValue()));
            if (reason != 0)
            {
                rejected++;
            }
        }
        return true;
    }

    /**
     * @param commands  commands measured.
     * @param elapsedNs from the first measured command due to the last answered.
     * @param rejected  of those, how many the exchange rejected.
     * @param latency   per command, nanoseconds.
     */
    public record Result(int commands, long elapsedNs, int rejected, Histogram latency)
    {
        /**
         * @return commands per second.
         */
        public double throughput()
        {
            return commands * 1e9 / elapsedNs;
        }
    }
}
