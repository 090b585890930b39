package io.sequent.engine.ring;

import io.sequent.journal.FrameHandler;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One slot of the event ring: the outcome of one command and the events it emitted, written in place by the
 * sequencer and read by the journaler, the projector and the responder.
 * <p>
 * Entries are laid out one after another, each as {@code int32 length | int32 pad | SBE message}, 8-byte aligned:
 * the domain's events, then the engine's record of the command, which the sequencer appends last with
 * {@link #claimTail(int)} into room the domain cannot claim. Walk them with {@link #firstEventOffset()},
 * {@link #eventLength(int)} and {@link #nextEventOffset(int)}. A slot that answers a re-sent command holds none.
 * <p>
 * A command whose events do not fit one slot continues in the next ones: every slot but the last is marked
 * {@link #continued()}, and only the last holds the outcome and the record, so consumers see a command whole once
 * they reach its {@link #isCommandEnd() end}.
 */
public final class EventSlot
{
    /** Bytes before each event in the slot's buffer. */
    public static final int EVENT_HEADER_LENGTH = 8;
    /** Bytes past the domain's capacity kept for the engine's own last entry (its header included, result too). */
    public static final int TAIL_RESERVE = 128;

    private final UnsafeBuffer buffer;
    private final int domainCapacity;
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
    private long duplicateSequence;
    private boolean commandEnd;
    private int resultOffset;
    private int resultLength;

    /**
     * @param capacity the bytes of events one command may emit, headers included; {@link #TAIL_RESERVE} more are
     *                 allocated for the engine's record.
     */
    public EventSlot(final int capacity)
    {
        domainCapacity = capacity;
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BitUtil.align(capacity, 64) + TAIL_RESERVE, 64));
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
        this.duplicateSequence = 0;
        this.commandEnd = true;
        this.resultOffset = 0;
        this.resultLength = 0;
    }

    /**
     * Says where in {@link #buffer()} the domain's result for the command is (in its record, or copied in for a
     * duplicate), for the responder.
     *
     * @param offset of the result's bytes.
     * @param length of the result, 0 for none.
     */
    public void result(final int offset, final int length)
    {
        this.resultOffset = offset;
        this.resultLength = length;
    }

    /**
     * @return offset in {@link #buffer()} of the domain's result for the command.
     */
    public int resultOffset()
    {
        return resultOffset;
    }

    /**
     * @return length of the domain's result for the command, 0 when it has none.
     */
    public int resultLength()
    {
        return resultLength;
    }

    /**
     * Marks the slot as one that a command's events continue past: the command's outcome and record are in a later
     * slot, so the responder skips this one and nothing may take a snapshot after it.
     */
    public void continued()
    {
        commandEnd = false;
    }

    /**
     * Empties the slot of a command whose events spanned several slots and that was then rejected: it holds nothing
     * to journal and no outcome.
     */
    public void clear()
    {
        eventCount = 0;
        limit = 0;
        commandEnd = false;
    }

    /**
     * @return true when the slot holds a command's outcome (its record, or a duplicate's answer); false when it only
     *         holds events of a command that goes on in the next slot, or nothing.
     */
    public boolean isCommandEnd()
    {
        return commandEnd;
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
        if (length < 0 || limit + entryLength > domainCapacity)
        {
            throw new EventSlotFullException("event of " + length + " bytes does not fit the event slot: " +
                (domainCapacity - limit) + " bytes left of " + domainCapacity);
        }
        return append(length, entryLength);
    }

    /**
     * Reserves room for the engine's last entry of the command, which may use the {@link #TAIL_RESERVE} beyond
     * what the domain can claim.
     *
     * @param length of the entry's SBE message.
     * @return offset in {@link #buffer()} where the message goes.
     * @throws EventSlotFullException when it does not fit (an engine bug: the reserve is sized for the record).
     */
    public int claimTail(final int length)
    {
        final int entryLength = BitUtil.align(EVENT_HEADER_LENGTH + length, EVENT_HEADER_LENGTH);
        if (length < 0 || limit + entryLength > buffer.capacity())
        {
            throw new EventSlotFullException("engine entry of " + length + " bytes does not fit the event slot");
        }
        return append(length, entryLength);
    }

    private int append(final int length, final int entryLength)
    {
        buffer.putInt(limit, length);
        buffer.putInt(limit + 4, 0);
        final int offset = limit + EVENT_HEADER_LENGTH;
        limit += entryLength;
        eventCount++;
        return offset;
    }

    /**
     * @return bytes the slot's entries take, their headers and alignment included.
     */
    public int length()
    {
        return limit;
    }

    /**
     * @return bytes still free for events, headers included.
     */
    public int remaining()
    {
        return domainCapacity - limit;
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
     * Answers a re-sent command with the outcome it had the first time: no entries, nothing journaled, and the
     * response names the original record's sequence.
     *
     * @param reason   the first outcome's reason (0: accepted).
     * @param detail   the first outcome's detail.
     * @param sequence journal sequence of the first outcome's record.
     */
    public void answerDuplicate(final int reason, final long detail, final long sequence)
    {
        this.reason = reason;
        this.detail = detail;
        this.duplicateSequence = sequence;
        this.duplicate = true;
        this.eventCount = 0;
        this.limit = 0;
    }

    /**
     * Hands every entry of the slot, with its journal sequence and the command's timestamp, to a handler.
     *
     * @param handler receives the entries in order (route them with a {@code FrameRouter} to tell records apart).
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
     * @return the sequence of the slot's last entry, or of the last entry before it when it holds none.
     */
    public long lastSequence()
    {
        return firstSequence + eventCount - 1;
    }

    /**
     * @return the sequence the client is told: the command's record, or for a duplicate the original record's.
     */
    public long outcomeSequence()
    {
        return duplicate ? duplicateSequence : lastSequence();
    }

    /**
     * @return how many entries the slot holds: the domain's events, then the engine's record once appended; the
     *         record alone when the command was rejected, none for a duplicate.
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
     * @return true when the command was rejected.
     */
    public boolean isRejected()
    {
        return reason != 0;
    }
}
