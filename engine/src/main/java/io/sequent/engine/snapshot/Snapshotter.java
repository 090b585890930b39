package io.sequent.engine.snapshot;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * Event-ring consumer, behind the journaler, that applies every event to a shadow copy of the state with the same
 * {@code apply} the sequencer uses, and writes a snapshot of that copy every N events. The sequencer's state is
 * never touched, so a snapshot never pauses the sequencer; only a write slower than the ring is long can hold it
 * back, through the ring's back-pressure.
 *
 * @param <S> the domain's state.
 */
public final class Snapshotter<S> implements EventHandler<EventSlot>, FrameHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final Domain<S> domain;
    private final S shadow;
    private final SnapshotStore store;
    private final long everyEvents;
    private final LongConsumer afterSnapshot;
    private long lastSequence;
    private long sinceSnapshot;

    /**
     * @param domain       the rules.
     * @param shadow       a copy of the recovered state, owned by this consumer's thread from now on.
     * @param lastSequence the last sequence applied to the copy.
     * @param store        where snapshots go.
     * @param everyEvents  write a snapshot after this many events.
     */
    public Snapshotter(
        final Domain<S> domain, final S shadow, final long lastSequence, final SnapshotStore store,
        final long everyEvents)
    {
        this(domain, shadow, lastSequence, store, everyEvents, sequence -> {});
    }

    /**
     * @param domain        the rules.
     * @param shadow        a copy of the recovered state, owned by this consumer's thread from now on.
     * @param lastSequence  the last sequence applied to the copy.
     * @param store         where snapshots go.
     * @param everyEvents   write a snapshot after this many events.
     * @param afterSnapshot called on this thread with the sequence each snapshot covers, once it is written
     *                      (journal retention).
     */
    public Snapshotter(
        final Domain<S> domain, final S shadow, final long lastSequence, final SnapshotStore store,
        final long everyEvents, final LongConsumer afterSnapshot)
    {
        this.afterSnapshot = afterSnapshot;
        this.domain = domain;
        this.shadow = shadow;
        this.lastSequence = lastSequence;
        this.store = store;
        this.everyEvents = everyEvents;
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(this);
        if (endOfBatch && sinceSnapshot >= everyEvents)
        {
            final long start = System.nanoTime();
            store.write(domain, shadow, lastSequence);
            LOG.info("snapshot at sequence {} written in {} ms", lastSequence, (System.nanoTime() - start) / 1_000_000);
            sinceSnapshot = 0;
            afterSnapshot.accept(lastSequence);
        }
    }

    @Override
    public void onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        domain.apply(buffer, offset, length, shadow);
        lastSequence = sequence;
        sinceSnapshot++;
    }
}
