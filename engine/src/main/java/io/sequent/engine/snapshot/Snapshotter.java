package io.sequent.engine.snapshot;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event-ring consumer, behind the journaler, that applies every journal entry to a shadow copy of the engine state
 * (domain events with the same {@code apply} the sequencer uses, command records to the copy's ledger), and writes
 * a snapshot of that copy every N entries. The sequencer's state is never touched, so a snapshot never pauses the
 * sequencer; only a write slower than the ring is long can hold it back, through the ring's back-pressure. A
 * snapshot is taken at the end of a batch of slots, so always after a whole command.
 *
 * @param <S> the domain's state.
 */
public final class Snapshotter<S> implements EventHandler<EventSlot>, FrameHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final EngineState<S> shadow;
    private final SnapshotStore store;
    private final long everyEvents;
    private long lastSequence;
    private long sinceSnapshot;

    /**
     * @param shadow       a copy of the recovered engine state with its own domain instance, owned by this
     *                     consumer's thread from now on.
     * @param lastSequence the last sequence applied to the copy.
     * @param store        where snapshots go.
     * @param everyEvents  write a snapshot after this many journal entries.
     */
    public Snapshotter(
        final EngineState<S> shadow, final long lastSequence, final SnapshotStore store, final long everyEvents)
    {
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
            store.write(shadow, lastSequence);
            LOG.info("snapshot at sequence {} written in {} ms", lastSequence, (System.nanoTime() - start) / 1_000_000);
            sinceSnapshot = 0;
        }
    }

    @Override
    public void onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        shadow.onFrame(sequence, timestamp, buffer, offset, length);
        lastSequence = sequence;
        sinceSnapshot++;
    }
}
