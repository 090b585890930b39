package io.sequent.engine.consumer;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalWriter;
import io.sequent.journal.SegmentCreationException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The event ring's first consumer: appends every entry to the journal and applies the durability policy once per
 * batch, the batch being everything published since its last duty cycle (group commit: the busier the engine, the
 * more each force covers). Its poller's sequence is the journaled position, which the read side follows. What the
 * responder follows is the durable position: with the {@code none} and {@code batch} policies this agent advances
 * it after each batch (after the batch's force for {@code batch}); with {@code interval} a {@link JournalSyncAgent}
 * does, after its force. No client hears of a command before its events meet the policy.
 * <p>
 * It publishes the journal's {@link #room()}, which the sequencer does not take commands past, so what is in flight
 * fits in the current segment and the next one once prepared: with the device full, the sequencer refuses commands
 * {@code STORAGE_FULL} while the commands before them are still journaled and answered. Should a roll still find no
 * room (a command of many event slots), the journaler stalls instead of failing: what it wrote before is flushed and
 * acknowledged, the slot it was in stays unread (its frames written so far are kept and not written twice), and it
 * tries again once the journal has room (its segment preparer made a spare) or a second later. No command is
 * acknowledged before it is journaled. A failed force still stops the engine.
 */
public final class Journaler implements Agent, EventPoller.Handler<EventSlot>
{
    private static final Logger LOG = LoggerFactory.getLogger(Journaler.class);
    private static final long STALL_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    private final JournalWriter writer;
    private final EventPoller<EventSlot> poller;
    private final FrameHandler append = this::appendNew;
    private final Sequence durable;
    private final Sequence room = new Sequence();
    private long lastRingSequence = -1;
    private int handled;
    private boolean stalled;
    private long stalledAtNs;
    private long stalls;

    /**
     * @param writer  the journal, positioned after recovery; owned by this agent's thread from now on.
     * @param poller  over the event ring, gated on the sequencer's publishing.
     * @param durable the durable position this agent advances after each batch, or null when another agent does.
     */
    public Journaler(final JournalWriter writer, final EventPoller<EventSlot> poller, final Sequence durable)
    {
        this.writer = writer;
        this.poller = poller;
        this.durable = durable;
        publishRoom();
    }

    private void publishRoom()
    {
        // Every duty cycle, frames or not: the next segment may have become ready meanwhile.
        room.set(writer.bytesAppended() + writer.room());
    }

    /**
     * @return the journal's room as a byte position: the bytes of frames appended since the engine started plus
     *         what the journal can take without making a segment; the sequencer takes commands up to it.
     */
    public Sequence room()
    {
        return room;
    }

    @Override
    public String roleName()
    {
        return "sequent-journaler";
    }

    @Override
    public int doWork() throws Exception
    {
        publishRoom();
        if (stalled && writer.isStorageFull() && System.nanoTime() - stalledAtNs < STALL_RETRY_NS)
        {
            return 0;
        }
        handled = 0;
        try
        {
            poller.poll(this);
            if (stalled)
            {
                stalled = false;
                LOG.info("journal rolled to a new segment: journaling again at sequence {}", writer.lastSequence());
            }
        }
        catch (final SegmentCreationException ex)
        {
            // The poller kept its position before the slot: it is read again, its written frames skipped.
            if (!stalled)
            {
                stalls++;
                LOG.warn("journal stalled, nothing lost: {}; commands are refused STORAGE_FULL until there is room, " +
                    "those in flight wait, unacknowledged", ex.getMessage());
            }
            stalled = true;
            stalledAtNs = System.nanoTime();
        }
        if (handled > 0)
        {
            writer.flush();
            if (durable != null)
            {
                durable.set(lastRingSequence);
            }
            publishRoom();
        }
        return handled;
    }

    @Override
    public boolean onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(append);
        if (endOfBatch)
        {
            // Before the poller publishes the batch to the read side: an encrypted journal seals its block here.
            writer.publish();
        }
        lastRingSequence = ringSequence;
        handled++;
        return true;
    }

    private void appendNew(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        // After a stall the slot is read again from its start: its frames before the failed roll are in already.
        if (sequence > writer.lastSequence())
        {
            writer.append(sequence, timestamp, buffer, offset, length);
        }
    }

    /**
     * @return true while a roll cannot make the next segment and the journaler waits for room.
     */
    public boolean isStalled()
    {
        return stalled;
    }

    /**
     * @return how many times the journaler stalled for want of room; read on its thread or after it stopped.
     */
    public long stalls()
    {
        return stalls;
    }

    /**
     * @return the journaled position: every slot up to it is written.
     */
    public Sequence sequence()
    {
        return poller.getSequence();
    }
}
