package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalWriter;

/**
 * Event-ring consumer that appends every event to the journal and applies the durability policy once per batch
 * (group commit). Its ring sequence is the journaled position: the responder is gated on it, so no client hears
 * of a command before its events are written.
 */
public final class Journaler implements EventHandler<EventSlot>
{
    private final JournalWriter writer;
    private final FrameHandler append;

    /**
     * @param writer the journal, positioned after recovery; owned by this consumer's thread from now on.
     */
    public Journaler(final JournalWriter writer)
    {
        this.writer = writer;
        this.append = writer::append;
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(append);
        if (endOfBatch)
        {
            writer.flush();
        }
    }
}
