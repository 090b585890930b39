package io.sequent.client;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Copies of the commands a client sent and has not yet seen answered, in the order sent, so that they can be sent
 * again after a lost connection. Preallocated: a fixed number of fixed-size slots in one buffer, used as a ring;
 * a slot is reused once every command before it has been answered too. Owned by the client's thread.
 */
final class InFlightWindow
{
    private static final int CORRELATION_ID_OFFSET = 0;
    private static final int LENGTH_OFFSET = 8;
    private static final int COMMAND_OFFSET = 16;
    private static final int RELEASED = -1;

    private final UnsafeBuffer slots;
    private final int slotLength;
    private final int mask;
    private final int maxCommandLength;
    private final Long2LongHashMap positions;
    private long head;
    private long tail;

    /**
     * @param capacity         commands held at most; rounded up to a power of two.
     * @param maxCommandLength the largest command held, in bytes.
     */
    InFlightWindow(final int capacity, final int maxCommandLength)
    {
        final int slotCount = BitUtil.findNextPositivePowerOfTwo(capacity);
        this.slotLength = BitUtil.align(COMMAND_OFFSET + maxCommandLength, 64);
        this.mask = slotCount - 1;
        this.maxCommandLength = maxCommandLength;
        // Sized for a full window up front, so that adding never grows (allocates) on the sending thread.
        this.positions = new Long2LongHashMap(slotCount * 2, 0.65f, -1);
        this.slots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(slotCount * slotLength, 64));
    }

    boolean isFull()
    {
        return head - tail > mask;
    }

    boolean fits(final int length)
    {
        return length <= maxCommandLength;
    }

    int size()
    {
        return positions.size();
    }

    boolean contains(final long correlationId)
    {
        return positions.containsKey(correlationId);
    }

    void add(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        final long position = head++;
        final int slot = slotOffset(position);
        slots.putLong(slot + CORRELATION_ID_OFFSET, correlationId);
        slots.putInt(slot + LENGTH_OFFSET, length);
        slots.putBytes(slot + COMMAND_OFFSET, command, offset, length);
        positions.put(correlationId, position);
    }

    /**
     * @param correlationId of an answered command.
     */
    void release(final long correlationId)
    {
        final long position = positions.remove(correlationId);
        if (position == -1)
        {
            return;
        }
        slots.putInt(slotOffset(position) + LENGTH_OFFSET, RELEASED);
        while (tail < head && slots.getInt(slotOffset(tail) + LENGTH_OFFSET) == RELEASED)
        {
            tail++;
        }
    }

    /**
     * @return the position of the oldest command held (the first to send again).
     */
    long first()
    {
        return tail;
    }

    /**
     * @return the position after the newest command held.
     */
    long end()
    {
        return head;
    }

    boolean isHeld(final long position)
    {
        return position >= tail && position < head &&
            slots.getInt(slotOffset(position) + LENGTH_OFFSET) != RELEASED;
    }

    long correlationId(final long position)
    {
        return slots.getLong(slotOffset(position) + CORRELATION_ID_OFFSET);
    }

    int length(final long position)
    {
        return slots.getInt(slotOffset(position) + LENGTH_OFFSET);
    }

    int commandOffset(final long position)
    {
        return slotOffset(position) + COMMAND_OFFSET;
    }

    DirectBuffer buffer()
    {
        return slots;
    }

    private int slotOffset(final long position)
    {
        return (int)(position & mask) * slotLength;
    }
}
