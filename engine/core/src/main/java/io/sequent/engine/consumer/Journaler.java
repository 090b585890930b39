package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalWriter;

/**
 * Event-ring consumer that appends every event to the journal and applies the durability policy once per batch
 * (group commit). Its ring sequence is the journaled position, which the read side follows. What the responder
 * follows is the durable position: with the {@code none} and {@code batch} policies this consumer advances it at
 * the end of each batch (after the batch's force for {@code batch}); with {@code interval} a
 * {@link JournalSyncAgent} does, after its force. No client hears of a command before its events meet the policy.
 */
public final class Journaler implements EventHandler<EventSlot>
{
    private final JournalWriter writer;
    private final FrameHandler append;
    private final Sequence durable;

    /**
     * @param writer  the journal, positioned after recovery; owned by this consumer's thread from now on.
     * @param durable the durable position this consumer advances at each batch end, or null when another thread
     *                does.
     */
    public Journaler(final JournalWriter writer, final Sequence durable)
    {
        this.writer = writer;
        this.append = writer::append;
        this.durable = durable;
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(append);
        if (endOfBatch)
        {
            writer.flush();
            if (durable != null)
            {
                durable.set(ringSequence);
            }
        }
    }
}
