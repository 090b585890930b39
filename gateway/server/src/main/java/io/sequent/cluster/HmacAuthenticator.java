package io.sequent.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import io.sequent.auth.Credentials;
import io.sequent.codecs.auth.ChallengeProof;
import org.agrona.collections.Long2ObjectHashMap;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Aeron Cluster's authenticator with Sequent's challenge: the client connects with its client id (8 bytes), the
 * consensus module challenges it with a random nonce and the cluster session id, and the client answers with
 * HMAC-SHA256 over them under its secret ({@link ChallengeProof}); the secret never travels. The session's principal
 * is then the client id ({@link ClusterPrincipal}). Runs on the consensus module's thread.
 * <p>
 * Credentials: 8 bytes client id. Challenge: 32 bytes nonce then 8 bytes session id, little-endian. Response: the
 * 32 bytes proof.
 */
public final class HmacAuthenticator implements Authenticator
{
    /** Length of a challenge: nonce and session id. */
    public static final int CHALLENGE_LENGTH = ChallengeProof.NONCE_LENGTH + Long.BYTES;

    private final Credentials credentials;
    private final ChallengeProof proof = new ChallengeProof();
    private final SecureRandom random = new SecureRandom();
    private final Long2ObjectHashMap<Pending> pending = new Long2ObjectHashMap<>();

    /**
     * @param credentials the clients and their secrets (the same file on every node).
     */
    public HmacAuthenticator(final Credentials credentials)
    {
        this.credentials = credentials;
    }

    @Override
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final Pending session = new Pending();
        if (encodedCredentials != null && encodedCredentials.length == Long.BYTES)
        {
            session.clientId = ClusterPrincipal.clientId(encodedCredentials);
            session.secret = credentials.secret(session.clientId);
        }
        if (session.secret != null)
        {
            session.challenge = new byte[CHALLENGE_LENGTH];
            random.nextBytes(session.challenge);
            for (int i = 0; i < Long.BYTES; i++)
            {
                session.challenge[ChallengeProof.NONCE_LENGTH + i] = (byte)(sessionId >>> (8 * i));
            }
        }
        pending.put(sessionId, session);
    }

    @Override
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        final Pending session = pending.get(sessionId);
        if (session == null || session.secret == null)
        {
            return;
        }
        session.verified = encodedCredentials != null && encodedCredentials.length == ChallengeProof.PROOF_LENGTH &&
            proof.verify(session.secret, Arrays.copyOf(session.challenge, ChallengeProof.NONCE_LENGTH),
                session.clientId, sessionId, encodedCredentials);
        session.answered = true;
    }

    @Override
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final Pending session = pending.get(sessionProxy.sessionId());
        if (session == null || session.secret == null)
        {
            // An unknown client id: refused, with nothing to tell a prober which ids exist.
            pending.remove(sessionProxy.sessionId());
            sessionProxy.reject();
            return;
        }
        if (!session.challenged)
        {
            session.challenged = sessionProxy.challenge(session.challenge);
        }
    }

    @Override
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final Pending session = pending.get(sessionProxy.sessionId());
        if (session == null)
        {
            sessionProxy.reject();
            return;
        }
        if (!session.answered)
        {
            return;
        }
        if (session.verified ? sessionProxy.authenticate(ClusterPrincipal.encode(session.clientId)) : true)
        {
            if (!session.verified)
            {
                sessionProxy.reject();
            }
            pending.remove(sessionProxy.sessionId());
        }
    }

    /** A session being authenticated. */
    private static final class Pending
    {
        long clientId;
        byte[] secret;
        byte[] challenge;
        boolean challenged;
        boolean answered;
        boolean verified;
    }
}
