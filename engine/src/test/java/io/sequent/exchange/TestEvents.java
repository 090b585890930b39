package io.sequent.exchange;

import io.sequent.engine.domain.EventAppender;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventAppender} for driving a domain directly in tests: records events and the rejection.
 */
final class TestEvents implements EventAppender
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final List<int[]> events = new ArrayList<>();
    private int limit;
    private int reason;

    void reset()
    {
        events.clear();
        limit = 0;
        reason = 0;
    }

    @Override
    public long timestamp()
    {
        return 1;
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    @Override
    public int claim(final int length)
    {
        final int offset = limit;
        events.add(new int[] { offset, length });
        limit += length;
        return offset;
    }

    @Override
    public int remaining()
    {
        return buffer.capacity() - limit;
    }

    @Override
    public void reject(final int reason)
    {
        this.reason = reason;
    }

    int reason()
    {
        return reason;
    }

    List<int[]> events()
    {
        return events;
    }

    UnsafeBuffer eventBuffer()
    {
        return buffer;
    }
}
