package io.sequent.engine.consumer;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalWriter;
import org.agrona.concurrent.Agent;

/**
 * The event ring's first consumer: appends every entry to the journal and applies the durability policy once per
 * batch, the batch being everything published since its last duty cycle (group commit: the busier the engine, the
 * more each force covers). Its poller's sequence is the journaled position, which the read side follows. What the
 * responder follows is the durable position: with the {@code none} and {@code batch} policies this agent advances
 * it after each batch (after the batch's force for {@code batch}); with {@code interval} a {@link JournalSyncAgent}
 * does, after its force. No client hears of a command before its events meet the policy.
 */
public final class Journaler implements Agent, EventPoller.Handler<EventSlot>
{
    private final JournalWriter writer;
    private final EventPoller<EventSlot> poller;
    private final FrameHandler append;
    private final Sequence durable;
    private long lastRingSequence = -1;
    private int handled;

    /**
     * @param writer  the journal, positioned after recovery; owned by this agent's thread from now on.
     * @param poller  over the event ring, gated on the sequencer's publishing.
     * @param durable the durable position this agent advances after each batch, or null when another agent does.
     */
    public Journaler(final JournalWriter writer, final EventPoller<EventSlot> poller, final Sequence durable)
    {
        this.writer = writer;
        this.poller = poller;
        this.append = writer::append;
        this.durable = durable;
    }

    @Override
    public String roleName()
    {
        return "sequent-journaler";
    }

    @Override
    public int doWork() throws Exception
    {
        handled = 0;
        poller.poll(this);
        if (handled > 0)
        {
            writer.flush();
            if (durable != null)
            {
                durable.set(lastRingSequence);
            }
        }
        return handled;
    }

    @Override
    public boolean onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(append);
        lastRingSequence = ringSequence;
        handled++;
        return true;
    }

    /**
     * @return the journaled position: every slot up to it is written.
     */
    public Sequence sequence()
    {
        return poller.getSequence();
    }
}
