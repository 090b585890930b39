package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.exceptions.AeronException;
import io.sequent.auth.Credentials;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.ChallengeResponseDecoder;
import io.sequent.codecs.session.ConnectDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionReason;
import org.agrona.concurrent.CachedNanoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;

/**
 * Opens sessions with a challenge-response handshake: a Connect gets an egress publication and a pending session;
 * once the client's subscription connects to it the client is sent a random nonce (the Challenge); a
 * ChallengeResponse carrying the HMAC of the nonce, client id and session id under the client's secret opens the
 * session (SessionEvent OK), anything else refuses it with its reason. The secret never travels.
 * <p>
 * Frames reach it already checked for framing by the {@link IngressAdapter}; the policy is here: which protocol
 * versions may connect, which clients are known, how many handshakes and sessions there may be, and that a
 * client's new session replaces its old one.
 */
final class Handshake
{
    private static final Logger LOG = LoggerFactory.getLogger(Handshake.class);
    /** The first protocol version with authentication: older clients cannot open a session. */
    static final int MIN_CONNECT_VERSION = 4;

    private final Aeron aeron;
    private final SessionRegistry sessions;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final CachedNanoClock clock;
    private final Credentials credentials;
    private final int maxSessions;
    private final int maxHandshakes;
    private final long handshakeTimeoutNs;
    private final ChallengeProof proof = new ChallengeProof();
    private final byte[] receivedProof = new byte[ChallengeProof.PROOF_LENGTH];
    private final SecureRandom random = new SecureRandom();

    /**
     * @param aeron              where the egress publications are added.
     * @param sessions           where sessions are registered, opened and refused.
     * @param egress             sends the challenge and the session's OK.
     * @param counters           counts refusals and authentication failures.
     * @param clock              the agent's time, taken once per duty cycle.
     * @param credentials        the clients the server knows and their secrets.
     * @param maxSessions        sessions open at once.
     * @param handshakeTimeoutNs how long a client has from its connect to a proven credential.
     */
    Handshake(
        final Aeron aeron,
        final SessionRegistry sessions,
        final EgressPublisher egress,
        final GatewayCounters counters,
        final CachedNanoClock clock,
        final Credentials credentials,
        final int maxSessions,
        final long handshakeTimeoutNs)
    {
        this.aeron = aeron;
        this.sessions = sessions;
        this.egress = egress;
        this.counters = counters;
        this.clock = clock;
        this.credentials = credentials;
        this.maxSessions = maxSessions;
        // Handshakes in progress hold a publication each: bounded, so a flood of connects cannot exhaust the driver.
        this.maxHandshakes = maxSessions;
        this.handshakeTimeoutNs = handshakeTimeoutNs;
    }

    /**
     * @return how long a client has from its connect to a proven credential, in nanoseconds.
     */
    long handshakeTimeoutNs()
    {
        return handshakeTimeoutNs;
    }

    /**
     * Starts a handshake: publishes to the client's egress and registers the pending session. A connect that is to
     * be refused (old protocol, unknown client) is refused once the egress connects, so the client hears why.
     *
     * @param connect        wrapped over a Connect whose response channel the ingress adapter has checked.
     * @param version        protocol version of the frame.
     * @param blockLength    of the frame's block: an old client's is shorter.
     * @param imageSessionId Aeron session id of the image the connect came from.
     */
    void onConnect(final ConnectDecoder connect, final int version, final int blockLength, final int imageSessionId)
    {
        final Session pending = sessions.byImage(imageSessionId);
        if (sessions.handshakeCount() >= maxHandshakes || pending != null && pending.state != Session.State.OPEN)
        {
            // One handshake at a time per sender, a bounded number in all: each holds a publication.
            counters.sessionsRefused().increment();
            counters.framesUnanswered().increment();
            return;
        }
        final boolean versionOk = version >= MIN_CONNECT_VERSION &&
            blockLength >= ConnectDecoder.clientIdEncodingOffset() + Long.BYTES;
        final long clientId = versionOk ? connect.clientId() : ConnectDecoder.clientIdNullValue();
        final long correlationId = connect.correlationId();
        final int streamId = connect.responseStreamId();
        final String channel = connect.responseChannel();

        final ExclusivePublication publication;
        try
        {
            publication = aeron.addExclusivePublication(channel, streamId);
        }
        catch (final AeronException | IllegalArgumentException | IllegalStateException ex)
        {
            counters.sessionsRefused().increment();
            counters.framesUnanswered().increment();
            LOG.warn("refused a connect: cannot publish to {} stream {}: {}", channel, streamId, ex.getMessage());
            return;
        }

        final Session session = new Session(sessions.nextSessionId(), clientId, correlationId, imageSessionId,
            publication, clock.nanoTime() + handshakeTimeoutNs);
        session.roles = credentials.roles(clientId);
        if (!versionOk)
        {
            session.refuse(SessionReason.UNSUPPORTED_VERSION, "session protocol version " + version +
                " has no authentication: upgrade the client to version " + MessageHeaderDecoder.SCHEMA_VERSION);
        }
        else if (credentials.secret(clientId) == null)
        {
            session.refuse(SessionReason.UNKNOWN_CLIENT, "client " + clientId + " is not in the server's " +
                "credentials: add it (sequent credentials add) and restart the server");
        }
        else
        {
            random.nextBytes(session.nonce);
        }
        sessions.add(session);
        LOG.info("session {} connecting for client {}, egress {} stream {}", session.id, clientId, channel, streamId);
    }

    /**
     * Sends the challenge once the client's egress subscription has connected; the session then waits for the
     * proof (if the publication does not take it, the next housekeeping tries again).
     *
     * @param session awaiting its egress, not to be refused.
     */
    void challenge(final Session session)
    {
        if (egress.sendChallenge(session))
        {
            session.state = Session.State.CHALLENGED;
        }
    }

    /**
     * Checks the client's proof and opens its session, replacing the client's old one, within the session limit.
     *
     * @param session  the challenged session the response names, from the image that connected it.
     * @param response wrapped over the ChallengeResponse.
     */
    void onChallengeResponse(final Session session, final ChallengeResponseDecoder response)
    {
        response.getHmac(receivedProof, 0, ChallengeProof.PROOF_LENGTH);
        if (!proof.verify(credentials.secret(session.clientId), session.nonce, session.clientId, session.id,
            receivedProof))
        {
            counters.authenticationFailures().increment();
            sessions.refuse(session, SessionReason.BAD_CREDENTIAL, "the proof of client " + session.clientId +
                " does not match its secret: check the client's secret against the server's credentials");
            return;
        }
        // Every later frame of the session must carry this: the session id and the Aeron image alone can be reused.
        session.token = proof.sessionToken(credentials.secret(session.clientId), session.nonce, session.clientId,
            session.id);

        // One session per client: a new one replaces the old (a client reconnecting after a lost connection
        // must not be locked out by the session the server has not yet noticed is dead).
        final Session previous = sessions.openSessionOf(session.clientId);
        if (sessions.openCount() - (previous != null ? 1 : 0) >= maxSessions)
        {
            sessions.refuse(session, SessionReason.TOO_MANY_SESSIONS, "too many sessions: the server takes " +
                maxSessions + " (" + ServerConfiguration.SESSIONS_MAX_PROP_NAME + ")");
            return;
        }
        if (previous != null)
        {
            sessions.close(previous, SessionReason.REPLACED, "replaced by session " + session.id +
                " of the same client");
        }
        if (egress.sendSessionEvent(session, SessionCode.OK, SessionReason.NONE, ""))
        {
            sessions.open(session, clock.nanoTime());
        }
        else
        {
            sessions.close(session, SessionReason.NONE, "its egress does not take the session's OK");
        }
    }
}
