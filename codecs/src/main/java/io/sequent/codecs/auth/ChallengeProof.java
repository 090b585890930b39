package io.sequent.codecs.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The proof a client gives that it holds its secret: HMAC-SHA256(secret, nonce || clientId || sessionId), the two
 * longs little-endian. The nonce is fresh per connect and the session id names the one session being opened, so a
 * recorded proof opens nothing else. The secret itself never travels.
 * <p>
 * One instance per thread (it keeps a {@link Mac}); used at connect time only, never per command.
 */
public final class ChallengeProof
{
    /** Length of a nonce, in bytes. */
    public static final int NONCE_LENGTH = 32;
    /** Length of a proof (HMAC-SHA256), in bytes. */
    public static final int PROOF_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] TOKEN_LABEL = "sequent-session-token".getBytes(StandardCharsets.US_ASCII);

    private final Mac mac;
    private final byte[] longBytes = new byte[Long.BYTES];

    /**
     * Creates a proof calculator; HMAC-SHA256 is required of every Java platform.
     */
    public ChallengeProof()
    {
        try
        {
            mac = Mac.getInstance(ALGORITHM);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, ex);
        }
    }

    /**
     * @param secret    the client's secret.
     * @param nonce     the server's challenge, {@link #NONCE_LENGTH} bytes.
     * @param clientId  the client's id.
     * @param sessionId the session being opened.
     * @param proof     where the {@link #PROOF_LENGTH} bytes of the proof go.
     */
    public void compute(
        final byte[] secret, final byte[] nonce, final long clientId, final long sessionId, final byte[] proof)
    {
        try
        {
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(nonce, 0, NONCE_LENGTH);
            mac.update(littleEndian(clientId), 0, Long.BYTES);
            mac.update(littleEndian(sessionId), 0, Long.BYTES);
            mac.doFinal(proof, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot compute an " + ALGORITHM + " proof", ex);
        }
    }

    /**
     * Checks a proof in constant time, so the time taken tells nothing about how much of it was right.
     *
     * @param secret    the client's secret.
     * @param nonce     the challenge sent.
     * @param clientId  the client's id.
     * @param sessionId the session being opened.
     * @param proof     the proof received.
     * @return true when the proof is the expected one.
     */
    public boolean verify(
        final byte[] secret, final byte[] nonce, final long clientId, final long sessionId, final byte[] proof)
    {
        final byte[] expected = new byte[PROOF_LENGTH];
        compute(secret, nonce, clientId, sessionId, expected);
        return MessageDigest.isEqual(expected, proof);
    }

    /**
     * The session's token, which every frame of the open session carries: the first 8 bytes of
     * HMAC-SHA256(secret, "sequent-session-token" || nonce || clientId || sessionId). Both ends derive it from what
     * the handshake gave them and it never travels in the handshake, so a sender that reuses a client's Aeron
     * session id from elsewhere cannot forge frames of its session.
     *
     * @param secret    the client's secret.
     * @param nonce     the session's challenge.
     * @param clientId  the client's id.
     * @param sessionId the session.
     * @return the token.
     */
    public long sessionToken(final byte[] secret, final byte[] nonce, final long clientId, final long sessionId)
    {
        try
        {
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(TOKEN_LABEL);
            mac.update(nonce, 0, NONCE_LENGTH);
            mac.update(littleEndian(clientId), 0, Long.BYTES);
            mac.update(littleEndian(sessionId), 0, Long.BYTES);
            final byte[] digest = mac.doFinal();
            long token = 0;
            for (int i = 0; i < Long.BYTES; i++)
            {
                token |= (digest[i] & 0xFFL) << (8 * i);
            }
            return token;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot compute an " + ALGORITHM + " session token", ex);
        }
    }

    private byte[] littleEndian(final long value)
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            longBytes[i] = (byte)(value >>> (8 * i));
        }
        return longBytes;
    }
}
