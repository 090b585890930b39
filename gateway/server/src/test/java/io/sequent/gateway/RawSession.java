package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.ChallengeDecoder;
import io.sequent.codecs.session.ChallengeResponseEncoder;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.ConnectEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventDecoder;
import io.sequent.codecs.session.SessionReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;

/**
 * The session protocol spoken by hand, frame by frame, for tests that need a client to stop half-way or misbehave:
 * its own ingress publication (so its own image at the server) and egress subscription.
 */
final class RawSession implements AutoCloseable
{
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final ExclusivePublication ingress;
    final Subscription egress;
    final String egressChannel;
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    final byte[] nonce = new byte[ChallengeProof.NONCE_LENGTH];
    /** The token of the session last challenged: what every frame of it must carry. */
    long token;
    /** Bytes a spoofing test wrote into this publication's image behind its back, past its own position. */
    long injected;
    long connectCorrelationId = 4242;
    long challengedSessionId = Long.MIN_VALUE;
    SessionCode lastCode;
    SessionReason lastReason;
    long lastSessionEventId;
    long lastResponseCorrelationId;
    int lastResponseReason = -1;
    private final FragmentHandler handler = this::onFragment;

    RawSession(final Aeron aeron, final SequentServer server)
    {
        egress = aeron.addSubscription("aeron:udp?endpoint=localhost:0", 20);
        ingress = aeron.addExclusivePublication(server.ingressChannel(), server.ingressStreamId());
        String resolved;
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while ((resolved = egress.tryResolveChannelEndpointPort()) == null || !ingress.isConnected())
        {
            check(deadline, "raw channels connect");
            Thread.yield();
        }
        egressChannel = resolved;
    }

    private static void check(final long deadline, final String what)
    {
        if (System.nanoTime() > deadline)
        {
            throw new AssertionError(what + " within " + TIMEOUT);
        }
    }

    void send(final int length)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ingress.offer(frame, 0, length) < 0)
        {
            check(deadline, "the raw frame is sent");
            Thread.yield();
        }
    }

    void connect(final long clientId)
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .correlationId(connectCorrelationId).responseStreamId(20).clientId(clientId)
            .responseChannel(egressChannel);
        send(MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
    }

    /**
     * A connect as a version 2 client sent it: no client id, so no authentication.
     */
    void connectVersion2()
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .correlationId(connectCorrelationId).responseStreamId(20).clientId(0).responseChannel(egressChannel);
        final int v2BlockLength = ConnectEncoder.clientIdEncodingOffset();
        final int dataOffset = MessageHeaderEncoder.ENCODED_LENGTH + ConnectEncoder.BLOCK_LENGTH;
        final int dataLength = MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength() - dataOffset;
        frame.putBytes(MessageHeaderEncoder.ENCODED_LENGTH + v2BlockLength, frame, dataOffset, dataLength);
        headerEncoder.wrap(frame, 0).blockLength(v2BlockLength).version(2);
        send(MessageHeaderEncoder.ENCODED_LENGTH + v2BlockLength + dataLength);
    }

    void awaitChallenge()
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (challengedSessionId == Long.MIN_VALUE)
        {
            check(deadline, "a challenge arrives");
            egress.poll(handler, 10);
        }
    }

    void answer(final long clientId, final byte[] secret)
    {
        final byte[] proof = new byte[ChallengeProof.PROOF_LENGTH];
        new ChallengeProof().compute(secret, nonce, clientId, challengedSessionId, proof);
        token = new ChallengeProof().sessionToken(secret, nonce, clientId, challengedSessionId);
        final ChallengeResponseEncoder response = new ChallengeResponseEncoder()
            .wrapAndApplyHeader(frame, 0, headerEncoder)
            .correlationId(connectCorrelationId).sessionId(challengedSessionId).putHmac(proof, 0, proof.length);
        send(MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength());
    }

    void awaitSessionEvent()
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        lastCode = null;
        while (lastCode == null)
        {
            check(deadline, "a session event arrives");
            egress.poll(handler, 10);
        }
    }

    /**
     * Sends a command: a CommandHeader naming the session, then the domain command already in the frame's tail.
     */
    void command(final long sessionId, final long correlationId, final int commandLength)
    {
        new CommandHeaderEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .sessionId(sessionId).correlationId(correlationId).token(token);
        send(commandOffset() + commandLength);
    }

    void disconnect(final long sessionId)
    {
        final DisconnectEncoder disconnect = new DisconnectEncoder().wrapAndApplyHeader(frame, 0, headerEncoder)
            .sessionId(sessionId).token(token);
        send(MessageHeaderEncoder.ENCODED_LENGTH + disconnect.encodedLength());
    }

    static int commandOffset()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
    }

    UnsafeBuffer frame()
    {
        return frame;
    }

    int awaitResponse(final long correlationId)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (lastResponseCorrelationId != correlationId)
        {
            check(deadline, "a response to " + correlationId + " arrives");
            egress.poll(handler, 10);
        }
        return lastResponseReason;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (headerDecoder.templateId())
        {
            case ChallengeDecoder.TEMPLATE_ID ->
            {
                final ChallengeDecoder challenge = new ChallengeDecoder()
                    .wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                challenge.getNonce(nonce, 0, nonce.length);
                challengedSessionId = challenge.sessionId();
            }
            case SessionEventDecoder.TEMPLATE_ID ->
            {
                final SessionEventDecoder event = new SessionEventDecoder()
                    .wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                lastSessionEventId = event.sessionId();
                lastReason = event.reason();
                lastCode = event.code();
            }
            case CommandResponseDecoder.TEMPLATE_ID ->
            {
                final CommandResponseDecoder response = new CommandResponseDecoder()
                    .wrap(buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                lastResponseReason = response.reason();
                lastResponseCorrelationId = response.correlationId();
            }
            default ->
            {
            }
        }
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(ingress, egress);
    }
}
