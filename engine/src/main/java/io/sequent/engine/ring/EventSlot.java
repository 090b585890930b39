package io.sequent.engine.ring;

import io.sequent.journal.FrameHandler;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One slot of the event ring: the outcome of one command and the events it emitted, written in place by the
 * sequencer and read by the journaler, the projector and the responder.
 * <p>
 * Events are laid out one after another, each as {@code int32 length | int32 pad | SBE message}, 8-byte aligned.
 * Walk them with {@link #firstEventOffset()}, {@link #eventLength(int)} and {@link #nextEventOffset(int)}.
 */
public final class EventSlot
{
    /** Bytes before each event in the slot's buffer. */
    public static final int EVENT_HEADER_LENGTH = 8;

    private final UnsafeBuffer buffer;
    private long sessionId;
    private long clientId;
    private long correlationId;
    private long timestamp;
    private long firstSequence;
    private int eventCount;
    private int limit;
    private int reason;
    private long detail;
    private boolean duplicate;

    /**
     * @param capacity the bytes of events one command may emit, headers included.
     */
    public EventSlot(final int capacity)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, 64));
    }

    /**
     * Starts the slot for a new command.
     *
     * @param sessionId     of the sender.
     * @param clientId      the authenticated client behind the session.
     * @param correlationId chosen by the client.
     * @param timestamp     assigned by the sequencer, epoch nanoseconds.
     * @param firstSequence the journal sequence the first event will take.
     */
    public void reset(
        final long sessionId,
        final long clientId,
        final long correlationId,
        final long timestamp,
        final long firstSequence)
    {
        this.sessionId = sessionId;
        this.clientId = clientId;
        this.correlationId = correlationId;
        this.timestamp = timestamp;
        this.firstSequence = firstSequence;
        this.eventCount = 0;
        this.limit = 0;
        this.reason = 0;
        this.detail = 0;
        this.duplicate = false;
    }

    /**
     * Reserves room for an event.
     *
     * @param length of the event's SBE message.
     * @return offset in {@link #buffer()} where the message goes.
     * @throws EventSlotFullException when it does not fit.
     */
    public int claim(final int length)
    {
        final int entryLength = BitUtil.align(EVENT_HEADER_LENGTH + length, EVENT_HEADER_LENGTH);
        if (length < 0 || limit + entryLength > buffer.capacity())
        {
            throw new EventSlotFullException("event of " + length + " bytes does not fit the event slot: " +
                (buffer.capacity() - limit) + " bytes left of " + buffer.capacity());
        }
        buffer.putInt(limit, length);
        buffer.putInt(limit + 4, 0);
        final int offset = limit + EVENT_HEADER_LENGTH;
        limit += entryLength;
        eventCount++;
        return offset;
    }

    /**
     * @return bytes still free for events, headers included.
     */
    public int remaining()
    {
        return buffer.capacity() - limit;
    }

    /**
     * Marks the command rejected and drops whatever events it had emitted.
     *
     * @param reason code, non-zero.
     */
    public void reject(final int reason)
    {
        reject(reason, 0);
    }

    /**
     * Marks the command rejected, with a value that explains the reason (e.g. the current version on a version
     * conflict), and drops whatever events it had emitted.
     *
     * @param reason code, non-zero.
     * @param detail explains the reason; 0 when there is nothing to add.
     */
    public void reject(final int reason, final long detail)
    {
        this.reason = reason;
        this.detail = detail;
        this.eventCount = 0;
        this.limit = 0;
    }

    /**
     * Hands every event of the slot, with its journal sequence and the command's timestamp, to a handler.
     *
     * @param handler receives the events in order.
     */
    public void forEachEvent(final FrameHandler handler)
    {
        long sequence = firstSequence;
        for (int i = 0, offset = EVENT_HEADER_LENGTH; i < eventCount; i++)
        {
            final int length = eventLength(offset);
            handler.onFrame(sequence++, timestamp, buffer, offset, length);
            offset = nextEventOffset(offset);
        }
    }

    /**
     * @return offset of the first event's message (valid when {@link #eventCount()} &gt; 0).
     */
    public int firstEventOffset()
    {
        return EVENT_HEADER_LENGTH;
    }

    /**
     * @param eventOffset offset of an event's message.
     * @return the message's length.
     */
    public int eventLength(final int eventOffset)
    {
        return buffer.getInt(eventOffset - EVENT_HEADER_LENGTH);
    }

    /**
     * @param eventOffset offset of an event's message.
     * @return offset of the next event's message.
     */
    public int nextEventOffset(final int eventOffset)
    {
        return eventOffset + BitUtil.align(eventLength(eventOffset), EVENT_HEADER_LENGTH) + EVENT_HEADER_LENGTH;
    }

    /**
     * @return the buffer holding the events.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return session the command came from.
     */
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * @return the authenticated client the command came from.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @return the client's id for the command.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return sequencer time of the command, epoch nanoseconds.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return journal sequence of the first event; the events take consecutive sequences.
     */
    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * @return the sequence of the command's last event, or of the last event before it when it emitted none.
     */
    public long lastSequence()
    {
        return firstSequence + eventCount - 1;
    }

    /**
     * @return how many events the command emitted; 0 when rejected.
     */
    public int eventCount()
    {
        return eventCount;
    }

    /**
     * @return 0 when accepted, else the reject reason.
     */
    public int reason()
    {
        return reason;
    }

    /**
     * @return what explains a rejection (0 when accepted or when the reason says it all).
     */
    public long detail()
    {
        return detail;
    }

    /**
     * @return true when the slot answers a re-sent command with the outcome it had the first time, instead of
     *         applying it again.
     */
    public boolean isDuplicate()
    {
        return duplicate;
    }

    /**
     * @param duplicate whether the slot answers a re-sent command with its first outcome.
     */
    public void duplicate(final boolean duplicate)
    {
        this.duplicate = duplicate;
    }

    /**
     * @return true when the command was rejected.
     */
    public boolean isRejected()
    {
        return reason != 0;
    }
}
