package io.sequent.engine.consumer;

import com.lmax.disruptor.EventHandler;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ring.EventSlot;
import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Event-ring consumer that feeds every event to the read models, on its own thread, so projections never slow
 * the sequencer. It runs behind the journaler, so a projection never holds an event the journal lost in a crash.
 */
public final class Projector implements EventHandler<EventSlot>, FrameHandler
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
    private long lastSequence;
    @SuppressWarnings("unused") // written and read through PROJECTED
    private volatile long projectedSequence;

    /**
     * @param projections the read models, caught up with the journal; owned by this consumer's thread from now on.
     * @param lastSequence journal sequence the projections were caught up to.
     */
    public Projector(final Projection[] projections, final long lastSequence)
    {
        this.projections = projections;
        this.lastSequence = lastSequence;
        this.projectedSequence = lastSequence;
    }

    /**
     * @return journal sequence of the last event every projection applied, published at each batch end; safe to
     *         read from any thread (metrics).
     */
    public long projectedSequence()
    {
        return (long)PROJECTED.getAcquire(this);
    }

    @Override
    public void onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        slot.forEachEvent(this);
        if (endOfBatch)
        {
            for (final Projection projection : projections)
            {
                projection.onBatchEnd();
            }
            PROJECTED.setRelease(this, lastSequence);
        }
    }

    @Override
    public void onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        for (final Projection projection : projections)
        {
            projection.onEvent(sequence, timestamp, buffer, offset, length);
        }
        lastSequence = sequence;
    }
}
