package io.sequent.engine.snapshot;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.state.EngineState;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * Event-ring consumer, behind the journaler, that applies every journal entry to a shadow copy of the engine state
 * (domain events with the same {@code apply} the sequencer uses, command records to the copy's ledger), and writes
 * a snapshot of that copy every N entries or every T nanoseconds, whichever comes first. The sequencer's state is
 * never touched, so a snapshot never pauses the sequencer; only a write slower than the ring is long can hold it
 * back, through the ring's back-pressure.
 * <p>
 * Both triggers are checked on this consumer's thread at the end of each batch of slots (so always after a whole
 * command), and the timer also on the ring's time-outs ({@link #onTimeout}), so an idle engine still snapshots what
 * arrived before it went quiet. A snapshot is only written when entries arrived since the last one.
 *
 * @param <S> the domain's state.
 */
public final class Snapshotter<S> implements EventHandler<EventSlot>, FrameHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final EngineState<S> shadow;
    private final SnapshotStore store;
    private final long everyEvents;
    private final long intervalNanos;
    private final NanoClock clock;
    private final LongConsumer afterSnapshot;
    private long lastSequence;
    private long sinceSnapshot;
    private long lastSnapshotNanos;

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
        this(shadow, lastSequence, store, everyEvents, 0, new SystemNanoClock(), sequence -> {});
    }

    /**
     * @param shadow        a copy of the recovered engine state with its own domain instance, owned by this
     *                      consumer's thread from now on.
     * @param lastSequence  the last sequence applied to the copy.
     * @param store         where snapshots go.
     * @param everyEvents   write a snapshot after this many journal entries; 0 for no count trigger.
     * @param intervalNanos write a snapshot when this long has passed since the last one (or the start) and entries
     *                      arrived; 0 for no timer.
     * @param clock         the timer's clock.
     * @param afterSnapshot called on this thread with the sequence each snapshot covers, once it is written
     *                      (journal retention).
     */
    public Snapshotter(
        final EngineState<S> shadow,
        final long lastSequence,
        final SnapshotStore store,
        final long everyEvents,
        final long intervalNanos,
        final NanoClock clock,
        final LongConsumer afterSnapshot)
    {
        this.afterSnapshot = afterSnapshot;
        this.shadow = shadow;
        this.lastSequence = lastSequence;
        this.store = store;
        this.everyEvents = everyEvents;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.lastSnapshotNanos = clock.nanoTime();
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(this);
        if (endOfBatch)
        {
            snapshotIfDue();
        }
    }

    @Override
    public void onTimeout(final long ringSequence)
    {
        snapshotIfDue();
    }

    /**
     * Writes a snapshot of the shadow state when either trigger is due and entries arrived since the last one.
     *
     * @return whether it wrote one.
     */
    public boolean snapshotIfDue()
    {
        if (sinceSnapshot == 0)
        {
            return false;
        }
        final long now = clock.nanoTime();
        if ((everyEvents > 0 && sinceSnapshot >= everyEvents) ||
            (intervalNanos > 0 && now - lastSnapshotNanos >= intervalNanos))
        {
            store.write(shadow, lastSequence);
            final long done = clock.nanoTime();
            LOG.info("snapshot at sequence {} written in {} ms", lastSequence, (done - now) / 1_000_000);
            sinceSnapshot = 0;
            lastSnapshotNanos = done;
            afterSnapshot.accept(lastSequence);
            return true;
        }
        return false;
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
