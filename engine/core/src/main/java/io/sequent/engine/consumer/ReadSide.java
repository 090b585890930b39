package io.sequent.engine.consumer;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.Sequence;
import io.sequent.engine.ring.EventSlot;
import io.sequent.engine.snapshot.Snapshotter;
import org.agrona.concurrent.Agent;

/**
 * The read side, behind the journaler (so it never holds an event the journal lost in a crash): the
 * {@link Projector} keeps the read models and the {@link Snapshotter}, when snapshots are on, keeps its copy of the
 * state and takes snapshots of it. One agent for both: on a small machine every extra busy thread shows in the
 * latency. The snapshotter's triggers are looked at after each batch that ended on a whole command, and its timer on
 * every duty cycle, so an idle engine still snapshots what arrived before it went quiet.
 */
public final class ReadSide implements Agent, EventPoller.Handler<EventSlot>
{
    private final EventPoller<EventSlot> poller;
    private final Projector projector;
    private final Snapshotter<?> snapshotter;
    private boolean atCommandEnd = true;
    private int handled;

    /**
     * @param poller      over the event ring, gated on the journaled position.
     * @param projector   feeds the read models.
     * @param snapshotter takes snapshots, or null when snapshots are off.
     */
    public ReadSide(final EventPoller<EventSlot> poller, final Projector projector, final Snapshotter<?> snapshotter)
    {
        this.poller = poller;
        this.projector = projector;
        this.snapshotter = snapshotter;
    }

    @Override
    public String roleName()
    {
        return "sequent-read-side";
    }

    @Override
    public int doWork() throws Exception
    {
        handled = 0;
        poller.poll(this);
        if (handled > 0)
        {
            projector.onBatchEnd();
        }
        if (snapshotter != null && atCommandEnd)
        {
            handled += snapshotter.onDutyCycle();
        }
        return handled;
    }

    @Override
    public boolean onEvent(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        projector.onSlot(slot);
        if (snapshotter != null)
        {
            snapshotter.onSlot(slot);
        }
        atCommandEnd = slot.isCommandEnd();
        handled++;
        return true;
    }

    /**
     * @return the read side's ring position.
     */
    public Sequence sequence()
    {
        return poller.getSequence();
    }
}
