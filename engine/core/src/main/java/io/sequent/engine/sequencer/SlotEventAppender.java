package io.sequent.engine.sequencer;

import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.ring.EventSlot;
import org.agrona.MutableDirectBuffer;

/**
 * The {@link EventAppender} the sequencer hands the domain: writes events straight into the claimed event slot.
 */
final class SlotEventAppender implements EventAppender
{
    private EventSlot slot;

    void wrap(final EventSlot slot)
    {
        this.slot = slot;
    }

    @Override
    public long timestamp()
    {
        return slot.timestamp();
    }

    @Override
    public MutableDirectBuffer buffer()
    {
        return slot.buffer();
    }

    @Override
    public int claim(final int length)
    {
        return slot.claim(length);
    }

    @Override
    public int remaining()
    {
        return slot.remaining() - EventSlot.EVENT_HEADER_LENGTH;
    }

    @Override
    public void reject(final int reason, final long detail)
    {
        if (reason <= 0 || reason > 0xFFFF)
        {
            // Responses and command records carry a uint16: a larger code would not read back the same.
            throw new IllegalArgumentException("a reject reason must be between 1 and 65535: " + reason);
        }
        slot.reject(reason, detail);
    }
}
