package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.engine.ring.EventSlot;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Event-ring consumer that feeds every domain event to the read models, on its own thread, so projections never
 * slow the sequencer. It runs behind the journaler, so a projection never holds an event the journal lost in a
 * crash. The engine's command records are not the read models' business: the router drops them, but the batch end
 * tells every projection the journal position reached, records included, so a client holding a response's sequence
 * can wait for a read model to reach it.
 */
public final class Projector implements EventHandler<EventSlot>
{
    private static final VarHandle PROJECTED;

    static
    {
        try
        {
            PROJECTED = MethodHandles.lookup().findVarHandle(Projector.class, "projectedSequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Projection[] projections;
    private final FrameRouter router = new FrameRouter(this::onDomainEvent, null);
    private long lastSequence;
    @SuppressWarnings("unused") // written and read through PROJECTED
    private volatile long projectedSequence;

    /**
     * @param projections  the read models, caught up with the journal; owned by this consumer's thread from now on.
     * @param lastSequence journal sequence the projections were caught up to.
     */
    public Projector(final Projection[] projections, final long lastSequence)
    {
        this.projections = projections;
        this.lastSequence = lastSequence;
        this.projectedSequence = lastSequence;
    }

    /**
     * @return journal sequence every projection has reached, published at each batch end; safe to read from any
     *         thread (metrics).
     */
    public long projectedSequence()
    {
        return (long)PROJECTED.getAcquire(this);
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(router);
        if (slot.eventCount() > 0)
        {
            lastSequence = slot.lastSequence();
        }
        if (endOfBatch)
        {
            for (final Projection projection : projections)
            {
                projection.onBatchEnd(lastSequence);
            }
            PROJECTED.setRelease(this, lastSequence);
        }
    }

    private void onDomainEvent(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        for (final Projection projection : projections)
        {
            projection.onEvent(sequence, timestamp, buffer, offset, length);
        }
    }
}
