package io.sequent.gateway;

import io.aeron.Publication;
import io.sequent.codecs.RejectReason;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.ChallengeEncoder;
import io.sequent.codecs.session.KeepaliveEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventEncoder;
import io.sequent.codecs.session.SessionReason;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionEventEncoder;
import io.sequent.codecs.session.SubscriptionReason;
import io.sequent.codecs.session.SubscriptionStatusEncoder;
import org.agrona.DirectBuffer;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Everything the gateway sends to a client: encodes each message into one reused send buffer and offers it to the
 * session's egress publication, a bounded number of times. Encoders are fields, so a response allocates nothing.
 * Owned by the gateway agent's thread.
 */
final class EgressPublisher
{
    /** Bounded: a stuck client must not stall every other client and the engine behind this thread. */
    static final int SEND_ATTEMPTS = 10_000;
    /** Room for any message the gateway sends: a query answer's result must fit it too. */
    static final int SEND_BUFFER_LENGTH = 2048;
    /** A session event's detail must fit the send buffer with its header. */
    static final int MAX_REASON_DETAIL = 1024;

    private final GatewayCounters counters;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SEND_BUFFER_LENGTH, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandResponseWriter responseWriter = new CommandResponseWriter();
    private final KeepaliveEncoder keepaliveEncoder = new KeepaliveEncoder();
    private final ChallengeEncoder challengeEncoder = new ChallengeEncoder();
    private final SessionEventEncoder sessionEventEncoder = new SessionEventEncoder();
    private final SubscriptionStatusEncoder statusEncoder = new SubscriptionStatusEncoder();
    private final SubscriptionEventEncoder eventEncoder = new SubscriptionEventEncoder();
    private final UnsafeBuffer eventHeader = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));

    /**
     * @param counters where bytes sent and responses dropped are counted.
     */
    EgressPublisher(final GatewayCounters counters)
    {
        this.counters = counters;
    }

    /**
     * @return the send buffer, for a message encoded elsewhere (a query answer) and then {@link #send sent}.
     */
    MutableDirectBuffer buffer()
    {
        return sendBuffer;
    }

    /**
     * Sends a command's outcome, or a bad frame's rejection.
     *
     * @param session       the client's.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of the command's record, 0 when it never reached the engine.
     * @param timestamp     the sequencer's time of the command, 0 when it never reached the engine.
     * @param reason        {@link RejectReason#NONE} when accepted.
     * @param detail        the domain's detail of the outcome.
     * @param duplicate     whether the command was a re-send of one already applied.
     * @return whether the publication took it.
     */
    boolean sendResponse(
        final Session session,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        return sendResponse(session, correlationId, sequence, timestamp, reason, detail, duplicate, null, 0, 0);
    }

    /**
     * Sends a command's outcome with the domain's result.
     *
     * @param session       the client's.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of its record (0 for a frame the engine never saw).
     * @param timestamp     sequencer time, epoch nanoseconds.
     * @param reason        0 when accepted.
     * @param detail        explains a rejection.
     * @param duplicate     whether this is a re-sent command's first outcome again.
     * @param result        holding the domain's result, or null.
     * @param resultOffset  where it starts.
     * @param resultLength  its length, 0 for none.
     * @return whether the publication took it.
     */
    boolean sendResponse(
        final Session session,
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
        return send(session, responseWriter.write(sendBuffer, correlationId, sequence, timestamp, reason, detail,
            duplicate, result, resultOffset, resultLength));
    }

    /**
     * Echoes a keepalive, so the client knows the server is alive while nothing else flows.
     *
     * @param session the client's.
     * @return whether the publication took it.
     */
    boolean sendKeepalive(final Session session)
    {
        keepaliveEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(session.id).token(0);
        return send(session, MessageHeaderEncoder.ENCODED_LENGTH + keepaliveEncoder.encodedLength());
    }

    /**
     * Sends the session's challenge: its id and the nonce the client must prove its secret on.
     *
     * @param session in its handshake.
     * @return whether the publication took it.
     */
    boolean sendChallenge(final Session session)
    {
        challengeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(session.connectCorrelationId)
            .sessionId(session.id)
            .putNonce(session.nonce, 0, ChallengeProof.NONCE_LENGTH);
        return send(session, MessageHeaderEncoder.ENCODED_LENGTH + challengeEncoder.encodedLength());
    }

    /**
     * Tells the client its session is open, refused or closed, and why.
     *
     * @param session the client's.
     * @param code    OK, REJECTED or CLOSED.
     * @param reason  why, for a refusal or a close.
     * @param detail  what a person reads, cut to {@link #MAX_REASON_DETAIL} characters.
     * @return whether the publication took it.
     */
    boolean sendSessionEvent(
        final Session session, final SessionCode code, final SessionReason reason, final String detail)
    {
        sessionEventEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(session.connectCorrelationId)
            .sessionId(session.id)
            .code(code)
            .reason(reason)
            .detail(truncate(detail));
        return send(session, MessageHeaderEncoder.ENCODED_LENGTH + sessionEventEncoder.encodedLength());
    }

    /**
     * Offers what the send buffer holds to the session's egress, a bounded number of times.
     *
     * @param session the client's.
     * @param length  of the message at the start of the send buffer.
     * @return whether the publication took it; when it did not, the message is counted as dropped.
     */
    boolean send(final Session session, final int length)
    {
        final Publication publication = session.egress;
        for (int i = 0; i < SEND_ATTEMPTS; i++)
        {
            final long result = publication.offer(sendBuffer, 0, length);
            if (result > 0)
            {
                counters.bytesOut().getAndAddRelease(length);
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            Thread.yield();
        }
        counters.responsesDropped().increment();
        return false;
    }

    /**
     * Tells the client what became of one of its subscriptions.
     *
     * @param session       the client's.
     * @param correlationId the subscription's.
     * @param code          what became of it.
     * @param reason        why, for a refusal or a drop.
     * @param position      the sequence the code speaks of (see the schema).
     * @param detail        what a person reads.
     * @return whether the publication took it.
     */
    boolean sendSubscriptionStatus(
        final Session session,
        final long correlationId,
        final SubscriptionCode code,
        final SubscriptionReason reason,
        final long position,
        final String detail)
    {
        return send(session, encodeStatus(correlationId, code, reason, position, detail));
    }

    /**
     * Offers a subscription's status once, for a subscriber that may not be reading (it is dropped as a slow
     * consumer): the caller offers again in a later duty cycle rather than wait here.
     *
     * @return whether the publication took it.
     */
    boolean offerSubscriptionStatus(
        final Session session,
        final long correlationId,
        final SubscriptionCode code,
        final SubscriptionReason reason,
        final long position,
        final String detail)
    {
        final int length = encodeStatus(correlationId, code, reason, position, detail);
        if (session.egress.offer(sendBuffer, 0, length) > 0)
        {
            counters.bytesOut().getAndAddRelease(length);
            return true;
        }
        return false;
    }

    private int encodeStatus(
        final long correlationId,
        final SubscriptionCode code,
        final SubscriptionReason reason,
        final long position,
        final String detail)
    {
        statusEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId)
            .code(code)
            .reason(reason)
            .position(position)
            .detail(truncate(detail));
        return MessageHeaderEncoder.ENCODED_LENGTH + statusEncoder.encodedLength();
    }

    /**
     * Offers one event of a subscription, once: a subscriber that does not keep up is back-pressured, never waited
     * for, so the events stay in the journal until it takes them.
     *
     * @param session       the subscriber's.
     * @param correlationId the subscription's.
     * @param sequence      the event's journal sequence.
     * @param timestamp     its command's sequencer time.
     * @param event         holding the event (the domain's SBE message).
     * @param offset        where it starts.
     * @param length        its length.
     * @return whether the publication took it.
     */
    boolean offerSubscriptionEvent(
        final Session session,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final DirectBuffer event,
        final int offset,
        final int length)
    {
        eventEncoder.wrapAndApplyHeader(eventHeader, 0, headerEncoder)
            .correlationId(correlationId)
            .sequence(sequence)
            .timestamp(timestamp);
        final int headerLength = MessageHeaderEncoder.ENCODED_LENGTH + eventEncoder.encodedLength();
        if (session.egress.offer(eventHeader, 0, headerLength, event, offset, length) > 0)
        {
            counters.bytesOut().getAndAddRelease(headerLength + length);
            return true;
        }
        return false;
    }

    private static String truncate(final String text)
    {
        return text.length() <= MAX_REASON_DETAIL ? text : text.substring(0, MAX_REASON_DETAIL - 3) + "...";
    }
}
