package io.sequent.engine.consumer;

import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.engine.ring.EventSlot;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Feeds every domain event to the read models, on the read side (see {@link ReadSide}), so projections never slow
 * the sequencer. It runs behind the journaler, so a projection never holds an event the journal lost in a
 * crash. The engine's command records are not the read models' business: the router drops them, but the batch end
 * tells every projection the journal position reached, records included, so a client holding a response's sequence
 * can wait for a read model to reach it.
 */
public final class Projector
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

    /**
     * Feeds one slot's domain events to every projection.
     *
     * @param slot a slot the journaler has written.
     */
    public void onSlot(final EventSlot slot)
    {
        slot.forEachEvent(router);
        if (slot.eventCount() > 0)
        {
            lastSequence = slot.lastSequence();
        }
    }

    /**
     * End of a batch: tells every projection the journal position reached and publishes it.
     */
    public void onBatchEnd()
    {
        for (final Projection projection : projections)
        {
            projection.onBatchEnd(lastSequence);
        }
        PROJECTED.setRelease(this, lastSequence);
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
