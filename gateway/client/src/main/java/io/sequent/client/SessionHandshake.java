package io.sequent.client;

import io.aeron.Publication;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.ChallengeDecoder;
import io.sequent.codecs.session.ChallengeResponseEncoder;
import io.sequent.codecs.session.ConnectEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The client's half of opening a session: {@code Connect} with the client id and where to answer, then, to the
 * server's {@code Challenge}, a {@code ChallengeResponse} holding HMAC-SHA256 of the challenge under the client's
 * secret (the secret never travels). The server then answers with a {@code SessionEvent}, which
 * {@link ServerConnection} acts on. Owned by the client's thread.
 */
final class SessionHandshake
{
    private final long clientId;
    private final byte[] secret;
    private final int responseStreamId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectEncoder connectEncoder = new ConnectEncoder();
    private final ChallengeResponseEncoder challengeResponseEncoder = new ChallengeResponseEncoder();
    private final ChallengeProof proof = new ChallengeProof();
    private final byte[] nonce = new byte[ChallengeProof.NONCE_LENGTH];
    private final byte[] proofBytes = new byte[ChallengeProof.PROOF_LENGTH];
    private long connectCorrelationId;
    private long token;

    /**
     * @param clientId         this client's id.
     * @param secret           this client's secret.
     * @param responseStreamId the stream id of the client's egress.
     */
    SessionHandshake(final long clientId, final byte[] secret, final int responseStreamId)
    {
        this.clientId = clientId;
        this.secret = secret;
        this.responseStreamId = responseStreamId;
    }

    /**
     * Asks for a session; the server's challenge and session event then carry {@code correlationId}.
     *
     * @param ingress         the server's ingress.
     * @param correlationId   a new id for this attempt.
     * @param responseChannel where the server is to answer: the egress channel with its resolved port.
     * @return true when sent.
     */
    boolean offerConnect(final Publication ingress, final long correlationId, final String responseChannel)
    {
        connectCorrelationId = correlationId;
        connectEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .responseStreamId(responseStreamId)
            .clientId(clientId)
            .responseChannel(responseChannel);
        return ingress.offer(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connectEncoder.encodedLength()) > 0;
    }

    /**
     * @param correlationId of a challenge or session event.
     * @return true when it answers the latest {@code Connect}.
     */
    boolean answersConnect(final long correlationId)
    {
        return correlationId == connectCorrelationId;
    }

    /**
     * Proves to the server that this client holds its secret.
     *
     * @param ingress   the server's ingress.
     * @param challenge the server's challenge, wrapped.
     * @return true when sent.
     */
    boolean offerChallengeResponse(final Publication ingress, final ChallengeDecoder challenge)
    {
        final long offeredSessionId = challenge.sessionId();
        challenge.getNonce(nonce, 0, ChallengeProof.NONCE_LENGTH);
        proof.compute(secret, nonce, clientId, offeredSessionId, proofBytes);
        token = proof.sessionToken(secret, nonce, clientId, offeredSessionId);
        challengeResponseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(connectCorrelationId)
            .sessionId(offeredSessionId)
            .putHmac(proofBytes, 0, ChallengeProof.PROOF_LENGTH);
        final int frameLength = MessageHeaderEncoder.ENCODED_LENGTH + challengeResponseEncoder.encodedLength();
        return ingress.offer(buffer, 0, frameLength) >= 0;
    }

    /**
     * @return the token of the session the last challenge offered, which every frame of it carries once open.
     */
    long token()
    {
        return token;
    }
}
