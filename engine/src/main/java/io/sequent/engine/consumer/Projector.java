package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.engine.ring.EventSlot;
import org.agrona.DirectBuffer;

/**
 * Event-ring consumer that feeds every domain event to the read models, on its own thread, so projections never
 * slow the sequencer. It runs behind the journaler, so a projection never holds an event the journal lost in a
 * crash. The engine's command records are not the read models' business: the router drops them.
 */
public final class Projector implements EventHandler<EventSlot>
{
    private final Projection[] projections;
    private final FrameRouter router = new FrameRouter(this::onDomainEvent, null);

    /**
     * @param projections the read models, caught up with the journal; owned by this consumer's thread from now on.
     */
    public Projector(final Projection[] projections)
    {
        this.projections = projections;
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(router);
        if (endOfBatch)
        {
            for (final Projection projection : projections)
            {
                projection.onBatchEnd();
            }
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
