package io.sequent.client.cluster;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The commands sent to the cluster and not yet answered, in the order sent: a ring of preallocated slots, each a
 * copy of the command, found by correlation id. After a failover they are all sent again, in order; the ledger
 * answers those the cluster had applied as duplicates. Allocates nothing per command. Owned by the client's thread.
 */
final class ClusterWindow
{
    private static final long ABSENT = -1;

    private final UnsafeBuffer[] slots;
    private final long[] correlationIds;
    private final int[] lengths;
    private final boolean[] held;
    private final int mask;
    private final Long2LongHashMap positions = new Long2LongHashMap(ABSENT);
    private long head;
    private long tail;

    /**
     * @param capacity         commands held at most (rounded up to a power of two).
     * @param maxCommandLength the longest command.
     */
    ClusterWindow(final int capacity, final int maxCommandLength)
    {
        final int size = BitUtil.findNextPositivePowerOfTwo(capacity);
        slots = new UnsafeBuffer[size];
        correlationIds = new long[size];
        lengths = new int[size];
        held = new boolean[size];
        mask = size - 1;
        for (int i = 0; i < size; i++)
        {
            slots[i] = new UnsafeBuffer(new byte[maxCommandLength]);
        }
    }

    boolean isFull()
    {
        return tail - head == slots.length;
    }

    int size()
    {
        return positions.size();
    }

    boolean fits(final int length)
    {
        return length <= slots[0].capacity();
    }

    boolean contains(final long correlationId)
    {
        return positions.containsKey(correlationId);
    }

    void add(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        final int slot = (int)(tail & mask);
        slots[slot].putBytes(0, command, offset, length);
        correlationIds[slot] = correlationId;
        lengths[slot] = length;
        held[slot] = true;
        positions.put(correlationId, tail);
        tail++;
    }

    /**
     * @param correlationId of an answered command.
     * @return true when it was held.
     */
    boolean release(final long correlationId)
    {
        final long position = positions.remove(correlationId);
        if (position == ABSENT)
        {
            return false;
        }
        held[(int)(position & mask)] = false;
        while (head < tail && !held[(int)(head & mask)])
        {
            head++;
        }
        return true;
    }

    long head()
    {
        return head;
    }

    long tail()
    {
        return tail;
    }

    boolean isHeld(final long position)
    {
        return position >= head && position < tail && held[(int)(position & mask)];
    }

    long correlationId(final long position)
    {
        return correlationIds[(int)(position & mask)];
    }

    UnsafeBuffer command(final long position)
    {
        return slots[(int)(position & mask)];
    }

    int length(final long position)
    {
        return lengths[(int)(position & mask)];
    }
}
