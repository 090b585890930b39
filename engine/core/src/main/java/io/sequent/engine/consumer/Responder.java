package io.sequent.engine.consumer;

import com.lmax.disruptor.EventPoller;
import io.sequent.engine.ring.EventSlot;

/**
 * The event ring's last consumer: hands each command's outcome to an {@link OutcomeHandler} once its events are
 * durable as the journal's policy asks (the durable position, see {@link Journaler}). It is polled rather than run
 * on a thread of its own so the gateway's agent, which owns the client sessions and their publications, sends
 * responses itself without another hand-off.
 */
public final class Responder
{
    private final EventPoller<EventSlot> poller;
    private final EventPoller.Handler<EventSlot> adapter = this::onSlot;
    private OutcomeHandler handler;
    private int count;

    /**
     * @param poller over the event ring, gated on the durable position.
     */
    public Responder(final EventPoller<EventSlot> poller)
    {
        this.poller = poller;
    }

    /**
     * Delivers the outcomes that are ready.
     *
     * @param handler receives them, on the caller's thread.
     * @return how many were delivered.
     */
    public int poll(final OutcomeHandler handler)
    {
        this.handler = handler;
        count = 0;
        try
        {
            poller.poll(adapter);
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
        return count;
    }

    private boolean onSlot(final EventSlot slot, final long ringSequence, final boolean endOfBatch)
    {
        if (!slot.isCommandEnd())
        {
            // Events of a command that goes on in the next slot, or a slot a rejection emptied: no outcome here.
            return true;
        }
        count++;
        return handler.onOutcome(
            slot.sessionId(), slot.correlationId(), slot.outcomeSequence(), slot.timestamp(), slot.reason(),
            slot.detail(), slot.isDuplicate(), slot.buffer(), slot.resultOffset(), slot.resultLength());
    }
}
