package io.sequent.gateway;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.consumer.OutcomeHandler;
import org.agrona.DirectBuffer;

/**
 * Takes each command's outcome off the engine's responder and sends it to the session the command came from;
 * counts it, and remembers the highest journal sequence seen, which the counters publish as the journal position.
 * An outcome whose session has gone is counted as dropped: the client re-sends after it reconnects, and the
 * sequencer's dedup answers the re-send as a duplicate.
 */
final class OutcomeRouter implements OutcomeHandler
{
    private final SessionRegistry sessions;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final CommandBridge bridge;
    private long journaledSequence;

    /**
     * @param sessions          where an outcome's session is found.
     * @param egress            sends the response.
     * @param counters          counts accepted, rejected and dropped.
     * @param bridge            commands of the other faces (HTTP), whose outcomes go back to it.
     * @param journaledSequence the last journaled sequence at start (recovery's).
     */
    OutcomeRouter(
        final SessionRegistry sessions,
        final EgressPublisher egress,
        final GatewayCounters counters,
        final CommandBridge bridge,
        final long journaledSequence)
    {
        this.sessions = sessions;
        this.egress = egress;
        this.counters = counters;
        this.bridge = bridge;
        this.journaledSequence = journaledSequence;
    }

    /**
     * @return the highest journal sequence an outcome carried, or recovery's when none has yet.
     */
    long journaledSequence()
    {
        return journaledSequence;
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        return onOutcome(sessionId, correlationId, sequence, timestamp, reason, detail, duplicate, null, 0, 0);
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        if (reason == RejectReason.NONE)
        {
            counters.commandsAccepted().increment();
        }
        else
        {
            counters.rejected(reason);
        }
        // The responder is gated behind the journaler: every sequence it hands out is journaled.
        journaledSequence = Math.max(journaledSequence, sequence);
        if (CommandBridge.isBridged(sessionId))
        {
            if (!bridge.onOutcome(sessionId, sequence, timestamp, reason, detail, duplicate, result, resultOffset,
                resultLength))
            {
                counters.responsesDropped().increment();
            }
            return true;
        }
        final Session session = sessions.get(sessionId);
        if (session == null)
        {
            counters.responsesDropped().increment();
            return true;
        }
        egress.sendResponse(session, correlationId, sequence, timestamp, reason, detail, duplicate, result,
            resultOffset, resultLength);
        return true;
    }
}
