package io.sequent.bench;

import io.aeron.Publication;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClient;
import io.sequent.client.SequentClientException;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Sends a sequence of commands over a {@link SequentClient} (or any {@link Transport}, such as the raw Aeron echo
 * the bench compares with): a setup part as fast as the in-flight window allows, then the rest at a fixed rate.
 * Every command after the warm-up is measured from the time it was <em>due</em> to its response, so a stall counts
 * against every command it delayed (coordinated omission corrected).
 */
public final class FixedRateLoad implements ResponseListener
{
    /**
     * Where commands go and responses come from; responses must reach {@link FixedRateLoad#onResponse} during
     * {@link #poll()}.
     */
    public interface Transport
    {
        /**
         * @return a correlation id not used before on this transport.
         */
        long nextCorrelationId();

        /**
         * @param correlationId the command's id, echoed in its response.
         * @param buffer        holding the command.
         * @param offset        of the command.
         * @param length        of the command.
         * @return a positive position when sent, else an Aeron {@link Publication} code.
         */
        long offer(long correlationId, DirectBuffer buffer, int offset, int length);

        /**
         * @return fragments read.
         */
        int poll();

        /**
         * @param client a connected client whose response listener forwards to the load.
         * @return the client as a transport.
         */
        static Transport of(final SequentClient client)
        {
            return new Transport()
            {
                @Override
                public long nextCorrelationId()
                {
                    return client.nextCorrelationId();
                }

                @Override
                public long offer(
                    final long correlationId, final DirectBuffer buffer, final int offset, final int length)
                {
                    return client.offer(correlationId, buffer, offset, length);
                }

                @Override
                public int poll()
                {
                    return client.poll();
                }
            };
        }
    }

    /**
     * The commands to send.
     */
    public interface Source
    {
        /**
         * @return commands in all.
         */
        int count();

        /**
         * @return how many of the first commands are setup: sent unpaced and not measured.
         */
        int setupCount();

        /**
         * @param index of the command.
         * @param into  where to write it, from offset 0.
         * @return its length.
         */
        int encode(int index, MutableDirectBuffer into);

        /**
         * When a paced command is due, in intervals of the load's rate from the first paced command: by default its
         * place among the paced commands, so they are sent evenly at the rate. A source that is one client's share
         * of a larger flow, sent at the whole flow's rate, answers the command's place in the whole flow instead.
         *
         * @param index of a paced command (at least {@link #setupCount()}); the slots must not decrease.
         * @return its slot.
         */
        default long dueSlot(final int index)
        {
            return index - setupCount();
        }

        /**
         * Each command's outcome, on the sending thread.
         *
         * @param index    of the command.
         * @param sequence journal sequence the response carried.
         * @param reason   0 when accepted.
         */
        void onOutcome(int index, long sequence, int reason);
    }

    private final Source source;
    private final Settings settings;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Int2IntCounterMap rejectsByReason = new Int2IntCounterMap(0);
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 5, 10_000, 100_000);
    private final long[] dueNs;
    private final boolean[] answered;
    private long correlationBase;
    private int received;
    private int rejected;
    private long lastSequence;
    private long lastResponseNs;

    /**
     * @param source   the commands.
     * @param settings rate, warm-up, window, time-out.
     */
    public FixedRateLoad(final Source source, final Settings settings)
    {
        this.source = source;
        this.settings = settings;
        this.dueNs = new long[source.count()];
        this.answered = new boolean[source.count()];
    }

    /**
     * Sends every command and waits for every response.
     *
     * @param client connected client whose response listener forwards to this load.
     * @return the measurements.
     */
    public Result run(final SequentClient client)
    {
        return run(Transport.of(client), 0);
    }

    /**
     * Sends every command and waits for every response.
     *
     * @param client       where commands go; its responses must reach this load.
     * @param pacedStartAt when the first paced command is due ({@link System#nanoTime()}), so that several loads
     *                     can interleave their commands; 0: as soon as the setup is answered.
     * @return the measurements.
     */
    public Result run(final Transport client, final long pacedStartAt)
    {
        correlationBase = client.nextCorrelationId();
        for (int i = 1; i < source.count(); i++)
        {
            client.nextCorrelationId();
        }
        final int total = source.count();
        final int setup = source.setupCount();
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / settings.ratePerSecond();
        final long timeoutNs = TimeUnit.SECONDS.toNanos(settings.timeoutSeconds());
        final long start = System.nanoTime();
        long setupNs = 0;
        long pacedStartNs = 0;
        int sent = 0;
        while (received < total)
        {
            final long now = System.nanoTime();
            final int sentBefore = sent;
            if (now - start > timeoutNs)
            {
                throw new SequentClientException("load did not finish in " + settings.timeoutSeconds() +
                    " s: sent " + sent + ", answered " + received + " of " + total);
            }
            if (sent < setup)
            {
                while (sent < setup && sent - received < settings.maxInFlight() && send(client, sent, now))
                {
                    sent++;
                }
            }
            else if (received >= setup)
            {
                // The paced part starts once the setup is answered, so it runs against a complete state.
                if (pacedStartNs == 0)
                {
                    setupNs = now - start;
                    pacedStartNs = pacedStartAt != 0 ? pacedStartAt : now;
                }
                while (sent < total && sent - received < settings.maxInFlight())
                {
                    final long due = pacedStartNs + source.dueSlot(sent) * intervalNs;
                    if (due > System.nanoTime() || !send(client, sent, due))
                    {
                        break;
                    }
                    sent++;
                }
            }
            // Back off when idle: on a small machine a spinning client starves the server's threads.
            idle.idle(client.poll() + sent - sentBefore);
        }
        return new Result(total - setup, histogram.copy(), rejectsByReason, rejected, lastSequence, setupNs,
            lastResponseNs - pacedStartNs);
    }

    private boolean send(final Transport client, final int index, final long due)
    {
        final int length = source.encode(index, buffer);
        final long result = client.offer(correlationBase + index, buffer, 0, length);
        if (result > 0)
        {
            dueNs[index] = due;
            return true;
        }
        if (result != SequentClient.BACK_PRESSURED && result != SequentClient.NOT_CONNECTED &&
            result != Publication.ADMIN_ACTION)
        {
            throw new SequentClientException("cannot send to the server: offer returned " + result);
        }
        return false;
    }

    @Override
    public void onResponse(
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        final long now = System.nanoTime();
        final int index = (int)(correlationId - correlationBase);
        if (index < 0 || index >= answered.length || answered[index])
        {
            throw new IllegalStateException("unexpected or duplicate response, correlation id " + correlationId);
        }
        answered[index] = true;
        received++;
        lastResponseNs = now;
        if (reason == 0)
        {
            // The response names the command's record; its last event, what read models reach, is the entry before.
            lastSequence = Math.max(lastSequence, sequence - 1);
        }
        if (index >= source.setupCount() + settings.warmup())
        {
            histogram.recordValue(Math.min(now - dueNs[index], histogram.getHighestTrackableValue()));
        }
        if (reason != 0)
        {
            rejected++;
            rejectsByReason.incrementAndGet(reason);
        }
        source.onOutcome(index, sequence, reason);
    }

    /**
     * How to send.
     *
     * @param ratePerSecond  the fixed rate after the setup.
     * @param warmup         paced commands not measured.
     * @param maxInFlight    commands sent and not yet answered, at most.
     * @param timeoutSeconds to give up after.
     */
    public record Settings(int ratePerSecond, int warmup, int maxInFlight, int timeoutSeconds)
    {
        /**
         * Checks the settings.
         */
        public Settings
        {
            if (ratePerSecond < 1 || warmup < 0 || maxInFlight < 1 || timeoutSeconds < 1)
            {
                throw new IllegalArgumentException("invalid load settings: " + this);
            }
        }
    }

    /**
     * What a run measured.
     *
     * @param paced           commands sent at the fixed rate.
     * @param latency         round trips in ns from due time, warm-up excluded.
     * @param rejectsByReason rejections by reason code, setup included.
     * @param rejected        rejections in all.
     * @param lastSequence    the journal sequence of the last event of the newest accepted command: what the
     *                        read models reach once they have applied every answered command.
     * @param setupNs         time to send and answer the setup.
     * @param pacedNs         from the first paced command due to the last response.
     */
    public record Result(
        int paced,
        Histogram latency,
        Int2IntCounterMap rejectsByReason,
        int rejected,
        long lastSequence,
        long setupNs,
        long pacedNs)
    {
        /**
         * @return paced commands answered per second.
         */
        public double throughput()
        {
            return paced * 1e9 / pacedNs;
        }

    }
}
