package io.sequent.engine.domain;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An {@link EventAppender} that keeps one command's events in a buffer of its own, for driving a {@link Domain}
 * without an engine: in a domain's tests, or where a tool must simulate the domain (a load generator that needs to
 * know which orders are live). Reusable: {@link #reset()} between commands; no allocation per command.
 */
public final class RecordingEventAppender implements EventAppender
{
    private final UnsafeBuffer buffer;
    private final int[] offsets;
    private final int[] lengths;
    private long timestamp;
    private int count;
    private int limit;
    private int reason;
    private long detail;
    private long clientId;
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[RESULT_MAX_LENGTH]);
    private int resultLength;

    /**
     * Room for 1,024 events in 64 KiB.
     */
    public RecordingEventAppender()
    {
        this(64 * 1024, 1024);
    }

    /**
     * @param capacity  bytes of events one command may emit.
     * @param maxEvents events one command may emit.
     */
    public RecordingEventAppender(final int capacity, final int maxEvents)
    {
        buffer = new UnsafeBuffer(new byte[capacity]);
        offsets = new int[maxEvents];
        lengths = new int[maxEvents];
    }

    /**
     * Handles one command and, when it is accepted, applies its events: what the sequencer does.
     *
     * @param domain  the rules.
     * @param command buffer holding the command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param state   the state.
     * @param <S>     the state's type.
     * @return 0 when accepted, else the reject reason.
     */
    public <S> int execute(
        final Domain<S> domain, final DirectBuffer command, final int offset, final int length, final S state)
    {
        reset();
        domain.handle(command, offset, length, state, this);
        if (reason == 0)
        {
            applyTo(domain, state);
        }
        return reason;
    }

    /**
     * Applies the recorded events, in order.
     *
     * @param domain the rules.
     * @param state  the state.
     * @param <S>    the state's type.
     */
    public <S> void applyTo(final Domain<S> domain, final S state)
    {
        for (int i = 0; i < count; i++)
        {
            domain.apply(buffer, offsets[i], lengths[i], state);
        }
    }

    /**
     * Forgets the last command's events and rejection.
     */
    public void reset()
    {
        count = 0;
        limit = 0;
        reason = 0;
        detail = 0;
        resultLength = 0;
    }

    /**
     * @param clientId what {@link #clientId()} returns from now on.
     */
    public void clientId(final long clientId)
    {
        this.clientId = clientId;
    }

    @Override
    public long clientId()
    {
        return clientId;
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

    /**
     * @return the length of the last command's result, 0 for none or when rejected.
     */
    public int resultLength()
    {
        return reason != 0 ? 0 : resultLength;
    }

    /**
     * @param timestamp what {@link #timestamp()} returns from now on.
     */
    public void timestamp(final long timestamp)
    {
        this.timestamp = timestamp;
    }

    @Override
    public long timestamp()
    {
        return timestamp;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int claim(final int length)
    {
        if (reason != 0)
        {
            // What the sequencer refuses too: a rejected command emits nothing.
            throw new IllegalStateException("the domain claimed an event after rejecting the command (reason " +
                reason + "): a rejected command must emit nothing");
        }
        if (count == offsets.length || length > buffer.capacity() - limit)
        {
            throw new IllegalStateException("more events than the recording holds: " + count + " events, " +
                limit + " bytes");
        }
        offsets[count] = limit;
        lengths[count] = length;
        count++;
        final int offset = limit;
        limit += length;
        return offset;
    }

    @Override
    public int remaining()
    {
        return buffer.capacity() - limit;
    }

    @Override
    public void reject(final int reason, final long detail)
    {
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * @return what the last rejection gave to explain its reason, 0 when none.
     */
    public long detail()
    {
        return detail;
    }

    /**
     * @return the last command's reject reason, 0 when accepted (so far).
     */
    public int reason()
    {
        return reason;
    }

    /**
     * @return events recorded for the last command.
     */
    public int count()
    {
        return count;
    }

    /**
     * @param index of an event.
     * @return its offset in {@link #buffer()}.
     */
    public int offset(final int index)
    {
        return offsets[index];
    }

    /**
     * @param index of an event.
     * @return its length.
     */
    public int length(final int index)
    {
        return lengths[index];
    }
}
