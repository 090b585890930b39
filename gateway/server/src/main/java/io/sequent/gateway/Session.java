package io.sequent.gateway;

import io.aeron.ExclusivePublication;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.SessionReason;

/**
 * One client as the gateway agent sees it: the session id, the client it proved to be, the Aeron image it sends
 * from, and the publication its answers go to. Owned by the gateway agent's thread.
 */
final class Session
{
    enum State
    {
        /** Egress publication created; waiting for the client's subscription to connect to it. */
        AWAITING_EGRESS,
        /** Challenge sent; waiting for the client's proof. */
        CHALLENGED,
        /** Authenticated and told its session id; commands are taken. */
        OPEN
    }

    final long id;
    /** The client this session claims to be; authenticated once the state is {@link State#OPEN}. */
    final long clientId;
    final long connectCorrelationId;
    final int imageSessionId;
    final ExclusivePublication egress;
    final long handshakeDeadlineNs;
    final byte[] nonce = new byte[ChallengeProof.NONCE_LENGTH];
    /** What the client may do, from its credentials ({@code Credentials.TRADE}, {@code READ}, {@code ADMIN}). */
    int roles;
    /** Derived by both ends once the client proved its secret; every frame of the open session carries it. */
    long token;
    State state = State.AWAITING_EGRESS;
    long lastHeardNs;
    /** Set when the connect is to be refused once the egress connects (the refusal needs somewhere to go). */
    SessionReason refusal = SessionReason.NONE;
    String refusalDetail = "";

    Session(
        final long id,
        final long clientId,
        final long connectCorrelationId,
        final int imageSessionId,
        final ExclusivePublication egress,
        final long handshakeDeadlineNs)
    {
        this.id = id;
        this.clientId = clientId;
        this.connectCorrelationId = connectCorrelationId;
        this.imageSessionId = imageSessionId;
        this.egress = egress;
        this.handshakeDeadlineNs = handshakeDeadlineNs;
    }

    void refuse(final SessionReason reason, final String detail)
    {
        refusal = reason;
        refusalDetail = detail;
    }
}
