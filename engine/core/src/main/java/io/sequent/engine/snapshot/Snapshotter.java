package io.sequent.engine.snapshot;

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
 * Part of the read side, behind the journaler: applies every journal entry to a shadow copy of the engine state
 * (domain events with the same {@code apply} the sequencer uses, command records to the copy's ledger), and writes
 * a snapshot of that copy every N entries or every T nanoseconds, whichever comes first. The sequencer's state is
 * never touched, so a snapshot never pauses the sequencer. This thread only serialises the copy in memory; the file
 * (write, force, rename) is the {@link SnapshotWriter}'s, on an I/O thread, so a slow device does not hold the read
 * side and, through the event ring's back-pressure, the sequencer. While a snapshot is still being written, the next
 * one waits.
 * <p>
 * Both triggers are checked on the read side's duty cycles whenever the copy stands at a command's end, so an idle
 * engine still snapshots what arrived before it went quiet. A snapshot is only written when entries arrived since
 * the last one.
 *
 * @param <S> the domain's state.
 */
public final class Snapshotter<S> implements FrameHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final EngineState<S> shadow;
    private final SnapshotWriter writer;
    private final SnapshotStore.Image image = new SnapshotStore.Image();
    private final long everyEvents;
    private final long intervalNanos;
    private final NanoClock clock;
    private final LongConsumer afterSnapshot;
    private long lastSequence;
    private long sinceSnapshot;
    private long lastSnapshotNanos;
    private long announced;

    /**
     * @param shadow       a copy of the recovered engine state with its own domain instance, owned by this
     *                     consumer's thread from now on.
     * @param lastSequence the last sequence applied to the copy.
     * @param writer       writes the snapshots to files.
     * @param everyEvents  write a snapshot after this many journal entries.
     */
    public Snapshotter(
        final EngineState<S> shadow, final long lastSequence, final SnapshotWriter writer, final long everyEvents)
    {
        this(shadow, lastSequence, writer, everyEvents, 0, new SystemNanoClock(), sequence -> {});
    }

    /**
     * @param shadow        a copy of the recovered engine state with its own domain instance, owned by this
     *                      consumer's thread from now on.
     * @param lastSequence  the last sequence applied to the copy.
     * @param writer        writes the snapshots to files.
     * @param everyEvents   write a snapshot after this many journal entries; 0 for no count trigger.
     * @param intervalNanos write a snapshot when this long has passed since the last one (or the start) and entries
     *                      arrived; 0 for no timer.
     * @param clock         the timer's clock.
     * @param afterSnapshot called on this thread with the sequence the newest snapshot covers, once it is on disk
     *                      (journal retention).
     */
    public Snapshotter(
        final EngineState<S> shadow,
        final long lastSequence,
        final SnapshotWriter writer,
        final long everyEvents,
        final long intervalNanos,
        final NanoClock clock,
        final LongConsumer afterSnapshot)
    {
        this.afterSnapshot = afterSnapshot;
        this.shadow = shadow;
        this.lastSequence = lastSequence;
        this.writer = writer;
        this.announced = writer.lastWritten();
        this.everyEvents = everyEvents;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.lastSnapshotNanos = clock.nanoTime();
    }

    /**
     * Applies one slot's entries to the copy.
     *
     * @param slot a slot the journaler has written.
     */
    public void onSlot(final EventSlot slot)
    {
        slot.forEachEvent(this);
    }

    /**
     * Looks at the triggers and at what the writer has finished. Call only when the copy is at a command's end.
     *
     * @return 1 when a snapshot was taken, else 0.
     */
    public int onDutyCycle()
    {
        final int work = snapshotIfDue() ? 1 : 0;
        announceWritten();
        return work;
    }

    private void announceWritten()
    {
        final long written = writer.lastWritten();
        if (written > announced)
        {
            announced = written;
            afterSnapshot.accept(written);
        }
    }

    /**
     * Takes a snapshot of the shadow state, and hands it to the writer, when either trigger is due, entries arrived
     * since the last one, and the writer has finished the one before.
     *
     * @return whether it took one.
     */
    public boolean snapshotIfDue()
    {
        if (sinceSnapshot == 0)
        {
            return false;
        }
        final long now = clock.nanoTime();
        if (((everyEvents > 0 && sinceSnapshot >= everyEvents) ||
            (intervalNanos > 0 && now - lastSnapshotNanos >= intervalNanos)) && writer.isIdle())
        {
            // One image, reused: the writer has finished with it (it is idle), and reuse makes no garbage.
            writer.offer(SnapshotStore.encode(shadow, lastSequence, image));
            LOG.debug("snapshot at sequence {} taken in {} us", lastSequence, (clock.nanoTime() - now) / 1_000);
            sinceSnapshot = 0;
            lastSnapshotNanos = now;
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
