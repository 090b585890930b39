package io.sequent.engine.ring;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One slot of the command ring: a command's SBE bytes copied in by the gateway, plus who sent it.
 * The buffer is allocated once with the ring and reused for every command that passes through the slot.
 */
public final class CommandSlot
{
    private final UnsafeBuffer buffer;
    private long sessionId;
    private long clientId;
    private long correlationId;
    private long timestamp;
    private int length;

    /**
     * @param capacity the largest command the slot holds, in bytes.
     */
    public CommandSlot(final int capacity)
    {
        buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, 64));
    }

    /**
     * @return the buffer holding the command from offset 0.
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
     * @return the authenticated client the command came from: with the correlation id, what identifies a command
     *         across sessions and restarts.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * @return the client's id for the command, echoed in its response.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return the command's time in epoch nanoseconds as its source decided it, or
     *         {@code CommandSink.SEQUENCER_TIME} for the sequencer's clock.
     */
    public long timestamp()
    {
        return timestamp;
    }

    /**
     * @return length of the command in {@link #buffer()}.
     */
    public int length()
    {
        return length;
    }

    /**
     * Fills the slot's metadata; the bytes are written to {@link #buffer()} by the caller.
     *
     * @param sessionId     of the sender.
     * @param clientId      the authenticated client behind the session.
     * @param correlationId chosen by the client.
     * @param length        of the command bytes.
     */
    public void set(final long sessionId, final long clientId, final long correlationId, final int length)
    {
        set(sessionId, clientId, correlationId, Long.MIN_VALUE, length);
    }

    /**
     * Fills the slot's metadata; the bytes are written to {@link #buffer()} by the caller.
     *
     * @param sessionId     of the sender.
     * @param clientId      the authenticated client behind the session.
     * @param correlationId chosen by the client.
     * @param timestamp     the command's time in epoch nanoseconds, or {@code CommandSink.SEQUENCER_TIME}.
     * @param length        of the command bytes.
     */
    public void set(
        final long sessionId, final long clientId, final long correlationId, final long timestamp, final int length)
    {
        this.sessionId = sessionId;
        this.clientId = clientId;
        this.correlationId = correlationId;
        this.timestamp = timestamp;
        this.length = length;
    }
}
