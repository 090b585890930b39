package io.sequent.client.cluster;

import io.aeron.security.CredentialsSupplier;
import io.sequent.codecs.auth.ChallengeProof;

import java.util.Arrays;

/**
 * The client's side of Sequent's challenge through Aeron Cluster's authentication: it connects with its client id
 * and answers the consensus module's challenge (a nonce and the cluster session id) with the HMAC-SHA256 proof of
 * {@link ChallengeProof}; the secret stays here.
 */
public final class HmacCredentials implements CredentialsSupplier
{
    private static final int CHALLENGE_LENGTH = ChallengeProof.NONCE_LENGTH + Long.BYTES;

    private final long clientId;
    private final byte[] secret;
    private final ChallengeProof proof = new ChallengeProof();

    /**
     * @param clientId the client's id.
     * @param secret   its secret.
     */
    public HmacCredentials(final long clientId, final byte[] secret)
    {
        this.clientId = clientId;
        this.secret = secret.clone();
    }

    @Override
    public byte[] encodedCredentials()
    {
        final byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++)
        {
            bytes[i] = (byte)(clientId >>> (8 * i));
        }
        return bytes;
    }

    @Override
    public byte[] onChallenge(final byte[] encodedChallenge)
    {
        if (encodedChallenge == null || encodedChallenge.length != CHALLENGE_LENGTH)
        {
            return new byte[0];
        }
        long sessionId = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            sessionId |= (encodedChallenge[ChallengeProof.NONCE_LENGTH + i] & 0xFFL) << (8 * i);
        }
        final byte[] answer = new byte[ChallengeProof.PROOF_LENGTH];
        proof.compute(secret, Arrays.copyOf(encodedChallenge, ChallengeProof.NONCE_LENGTH), clientId, sessionId,
            answer);
        return answer;
    }
}
