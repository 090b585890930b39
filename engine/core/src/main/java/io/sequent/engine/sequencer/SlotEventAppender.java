package io.sequent.engine.sequencer;

import com.lmax.disruptor.RingBuffer;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.ring.EventSlotFullException;
import org.agrona.BitUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@link EventAppender} the sequencer hands the domain: writes events straight into claimed event-ring slots.
 * A command whose events outgrow one slot continues in the next (up to a bound), so a large sweep of a book is
 * filled, not refused. {@link #buffer()} is one view that each claim points at the slot it claimed in, so
 * {@code encoder.wrap(events.buffer(), events.claim(n))} is right in either order of evaluation.
 * <p>
 * A rejected command emits nothing: an event claimed after {@link #reject} is a bug of the domain, refused here
 * ({@link IllegalStateException}), and the sequencer then rejects the whole command.
 */
final class SlotEventAppender implements EventAppender
{
    private final RingBuffer<EventSlot> ring;
    private final int maxSlots;
    private final int slotCapacity;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[RESULT_MAX_LENGTH]);
    private int resultLength;
    private EventSlot slot;
    private long firstSlotSequence;
    private long slotSequence;
    private boolean rejected;
    private int reason;
    private long detail;

    /**
     * @param ring         the event ring, whose only producer is the sequencer.
     * @param maxSlots     slots one command's events may take at most.
     * @param slotCapacity bytes of events one slot holds, headers included.
     */
    SlotEventAppender(final RingBuffer<EventSlot> ring, final int maxSlots, final int slotCapacity)
    {
        this.ring = ring;
        this.maxSlots = maxSlots;
        this.slotCapacity = slotCapacity;
    }

    /**
     * Starts a command in a claimed, reset slot.
     */
    void begin(final long sequence, final EventSlot first)
    {
        slot = first;
        firstSlotSequence = sequence;
        slotSequence = sequence;
        rejected = false;
        reason = 0;
        detail = 0;
        resultLength = 0;
        view.wrap(first.buffer());
    }

    /**
     * @return the command's result, valid for {@link #resultLength()} bytes from 0.
     */
    UnsafeBuffer result()
    {
        return result;
    }

    /**
     * @return the length of the command's result; 0 for none, and always for a rejected command.
     */
    int resultLength()
    {
        return rejected ? 0 : resultLength;
    }

    @Override
    public int claimResult(final int length)
    {
        if (length < 0 || length > RESULT_MAX_LENGTH)
        {
            throw new IllegalArgumentException("a command's result is at most " + RESULT_MAX_LENGTH + " bytes: " +
                length);
        }
        resultLength = length;
        return 0;
    }

    @Override
    public MutableDirectBuffer resultBuffer()
    {
        return result;
    }

    @Override
    public long clientId()
    {
        return slot.clientId();
    }

    /**
     * @return ring sequence of the command's first slot.
     */
    long firstSlotSequence()
    {
        return firstSlotSequence;
    }

    /**
     * @return ring sequence of the command's last slot so far.
     */
    long lastSlotSequence()
    {
        return slotSequence;
    }

    /**
     * @return the slot the command's events currently go to: its outcome goes there too.
     */
    EventSlot slot()
    {
        return slot;
    }

    boolean isRejected()
    {
        return rejected;
    }

    int reason()
    {
        return reason;
    }

    long detail()
    {
        return detail;
    }

    @Override
    public long timestamp()
    {
        return slot.timestamp();
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return view;
    }

    @Override
    public int claim(final int length)
    {
        if (rejected)
        {
            throw new IllegalStateException("the domain claimed an event after rejecting the command (reason " +
                reason + "): a rejected command must emit nothing");
        }
        final int entryLength = BitUtil.align(EventSlot.EVENT_HEADER_LENGTH + length, EventSlot.EVENT_HEADER_LENGTH);
        if (length < 0 || entryLength > slotCapacity)
        {
            throw new EventSlotFullException("an event of " + length + " bytes is larger than an event slot (" +
                slotCapacity + " bytes, sequent.event.slot.capacity)");
        }
        if (entryLength > slot.remaining())
        {
            nextSlot();
        }
        return slot.claim(length);
    }

    private void nextSlot()
    {
        if (slotSequence - firstSlotSequence + 1 >= maxSlots)
        {
            throw new EventSlotFullException("the command's events fill " + maxSlots + " event slots " +
                "(sequent.command.max.slots)");
        }
        // The sequencer took a command only with room for maxSlots slots, so next() cannot wait.
        final long sequence = ring.next();
        final EventSlot next = ring.get(sequence);
        next.reset(slot.sessionId(), slot.clientId(), slot.correlationId(), slot.timestamp(),
            slot.firstSequence() + slot.eventCount());
        slot.continued();
        slot = next;
        slotSequence = sequence;
        view.wrap(next.buffer());
    }

    @Override
    public int remaining()
    {
        final long slotsLeft = maxSlots - (slotSequence - firstSlotSequence + 1);
        final long bytes = slot.remaining() + slotsLeft * slotCapacity;
        return (int)Math.max(0, Math.min(Integer.MAX_VALUE, bytes - EventSlot.EVENT_HEADER_LENGTH));
    }

    @Override
    public void reject(final int reason, final long detail)
    {
        if (reason <= 0 || reason > 0xFFFF)
        {
            // Responses and command records carry a uint16: a larger code would not read back the same.
            throw new IllegalArgumentException("a reject reason must be between 1 and 65535: " + reason);
        }
        if (!rejected)
        {
            rejected = true;
            this.reason = reason;
            this.detail = detail;
        }
    }
}
