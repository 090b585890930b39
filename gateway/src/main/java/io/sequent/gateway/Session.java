package io.sequent.gateway;

import io.aeron.ExclusivePublication;

/**
 * One connected client as the gateway agent sees it: its id, the Aeron image it sends from, and the
 * publication its responses go to. Owned by the gateway agent's thread.
 */
final class Session
{
    enum State
    {
        /** Egress publication created; waiting for the client's subscription to connect to it. */
        AWAITING_EGRESS,
        /** Told its session id; commands are taken. */
        OPEN
    }

    final long id;
    /** The authenticated client behind the session; until authentication exists, the session id itself. */
    final long clientId;
    final long connectCorrelationId;
    final int imageSessionId;
    final ExclusivePublication egress;
    final long deadlineNs;
    State state = State.AWAITING_EGRESS;

    Session(
        final long id,
        final long connectCorrelationId,
        final int imageSessionId,
        final ExclusivePublication egress,
        final long deadlineNs)
    {
        this.id = id;
        this.clientId = id;
        this.connectCorrelationId = connectCorrelationId;
        this.imageSessionId = imageSessionId;
        this.egress = egress;
        this.deadlineNs = deadlineNs;
    }
}
