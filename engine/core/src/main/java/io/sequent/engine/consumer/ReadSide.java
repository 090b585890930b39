package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.ring.EventSlot;

/**
 * The read side's consumers on one thread (the projector, the snapshotter): every event, batch end and time-out
 * goes to each in turn. Disruptor's {@code AggregateEventHandler} drops time-outs, which the snapshotter's timer
 * needs while the ring is idle.
 */
public final class ReadSide implements EventHandler<EventSlot>
{
    private final EventHandler<EventSlot>[] handlers;

    /**
     * @param handlers the consumers, called in this order.
     */
    @SafeVarargs
    public ReadSide(final EventHandler<EventSlot>... handlers)
    {
        this.handlers = handlers;
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch) throws Exception
    {
        for (final EventHandler<EventSlot> handler : handlers)
        {
            handler.onEvent(slot, ringSequence, endOfBatch);
        }
    }

    @Override
    public void onTimeout(final long ringSequence) throws Exception
    {
        for (final EventHandler<EventSlot> handler : handlers)
        {
            handler.onTimeout(ringSequence);
        }
    }

    @Override
    public void onStart()
    {
        for (final EventHandler<EventSlot> handler : handlers)
        {
            handler.onStart();
        }
    }

    @Override
    public void onShutdown()
    {
        for (final EventHandler<EventSlot> handler : handlers)
        {
            handler.onShutdown();
        }
    }
}
