package io.sequent.bench;

import org.HdrHistogram.Histogram;
import org.agrona.collections.Int2IntCounterMap;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs several {@link FixedRateLoad}s at once, one thread each, their paced parts started at the same instant (each
 * load's source says when each of its commands is due: {@link FixedRateLoad.Source#dueSlot}, as the shares of one
 * flow that {@link FlowSlice} makes), and merges what they measured: the histograms added, the counts summed, the
 * elapsed time the longest.
 */
public final class ParallelLoad
{
    private ParallelLoad()
    {
    }

    /**
     * @param loads      one per client.
     * @param transports the clients, in the same order; each is used by its load's thread only.
     * @return the merged measurements.
     */
    public static FixedRateLoad.Result run(
        final List<FixedRateLoad> loads, final List<? extends FixedRateLoad.Transport> transports)
    {
        final int n = loads.size();
        final FixedRateLoad.Result[] results = new FixedRateLoad.Result[n];
        final Throwable[] failures = new Throwable[n];
        final Thread[] threads = new Thread[n];
        // Far enough ahead for every thread to be running before its first command is due.
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        for (int i = 0; i < n; i++)
        {
            final int k = i;
            threads[k] = new Thread(() ->
            {
                try
                {
                    results[k] = loads.get(k).run(transports.get(k), start);
                }
                catch (final Throwable ex)
                {
                    failures[k] = ex;
                }
            }, "sequent-load-" + k);
            threads[k].start();
        }
        for (final Thread thread : threads)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the load ran", ex);
            }
        }
        for (final Throwable failure : failures)
        {
            if (failure != null)
            {
                throw failure instanceof RuntimeException ? (RuntimeException)failure :
                    new IllegalStateException(failure);
            }
        }
        return merge(results);
    }

    private static FixedRateLoad.Result merge(final FixedRateLoad.Result[] results)
    {
        final Histogram latency = results[0].latency().copy();
        final Int2IntCounterMap rejectsByReason = new Int2IntCounterMap(0);
        int paced = 0;
        int rejected = 0;
        long lastSequence = 0;
        long pacedNs = 0;
        for (int i = 0; i < results.length; i++)
        {
            final FixedRateLoad.Result result = results[i];
            if (i > 0)
            {
                latency.add(result.latency());
            }
            result.rejectsByReason().forEach(rejectsByReason::getAndAdd);
            paced += result.paced();
            rejected += result.rejected();
            lastSequence = Math.max(lastSequence, result.lastSequence());
            pacedNs = Math.max(pacedNs, result.pacedNs());
        }
        return new FixedRateLoad.Result(paced, latency, rejectsByReason, rejected, lastSequence, 0, pacedNs);
    }
}
