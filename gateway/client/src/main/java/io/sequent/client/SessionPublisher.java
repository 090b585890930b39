package io.sequent.client;

import io.aeron.Publication;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.KeepaliveEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.QueryRequestEncoder;
import io.sequent.codecs.session.SubscribeEncoder;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.codecs.session.UnsubscribeEncoder;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a client sends within an open session, framed for the server: a domain command behind a
 * {@code CommandHeader}, a domain query behind a {@code QueryRequest}, {@code Subscribe}, {@code Unsubscribe},
 * {@code Keepalive} and {@code Disconnect}.
 * Allocates nothing per message. Owned by the client's thread.
 */
final class SessionPublisher
{
    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
    private static final int QUERY_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + QueryRequestEncoder.BLOCK_LENGTH;

    private final UnsafeBuffer commandHeaderBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer queryHeaderBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandHeaderEncoder commandHeaderEncoder = new CommandHeaderEncoder();
    private final QueryRequestEncoder queryRequestEncoder = new QueryRequestEncoder();
    private final KeepaliveEncoder keepaliveEncoder = new KeepaliveEncoder();
    private final DisconnectEncoder disconnectEncoder = new DisconnectEncoder();
    private final SubscribeEncoder subscribeEncoder = new SubscribeEncoder();
    private final UnsubscribeEncoder unsubscribeEncoder = new UnsubscribeEncoder();
    private long token;

    /**
     * @param token the open session's token (from the handshake), carried by every frame from now on.
     */
    void token(final long token)
    {
        this.token = token;
    }

    /**
     * @param ingress       the server's ingress.
     * @param sessionId     the open session.
     * @param correlationId the client's id for the command.
     * @param command       buffer holding the domain command (its SBE header and body).
     * @param offset        of the command.
     * @param length        of the command.
     * @return the {@link Publication#offer} result.
     */
    long offerCommand(
        final Publication ingress,
        final long sessionId,
        final long correlationId,
        final DirectBuffer command,
        final int offset,
        final int length)
    {
        commandHeaderEncoder.wrapAndApplyHeader(commandHeaderBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId)
            .token(token);
        return ingress.offer(commandHeaderBuffer, 0, COMMAND_HEADER_LENGTH, command, offset, length);
    }

    /**
     * @param ingress       the server's ingress.
     * @param sessionId     the open session.
     * @param correlationId the client's id for the query.
     * @param minSequence   the journal sequence the read model must have reached.
     * @param query         buffer holding the domain query (its SBE header and body).
     * @param offset        of the query.
     * @param length        of the query.
     * @return the {@link Publication#offer} result.
     */
    long offerQuery(
        final Publication ingress,
        final long sessionId,
        final long correlationId,
        final long minSequence,
        final DirectBuffer query,
        final int offset,
        final int length)
    {
        queryRequestEncoder.wrapAndApplyHeader(queryHeaderBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId)
            .minSequence(minSequence)
            .token(token);
        return ingress.offer(queryHeaderBuffer, 0, QUERY_HEADER_LENGTH, query, offset, length);
    }

    /**
     * @param ingress   the server's ingress.
     * @param sessionId the open session.
     * @return the {@link Publication#offer} result.
     */
    long offerKeepalive(final Publication ingress, final long sessionId)
    {
        keepaliveEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder).sessionId(sessionId).token(token);
        return ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + keepaliveEncoder.encodedLength());
    }

    /**
     * @param ingress   the server's ingress.
     * @param sessionId the session to close.
     * @return the {@link Publication#offer} result.
     */
    long offerDisconnect(final Publication ingress, final long sessionId)
    {
        disconnectEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder).sessionId(sessionId).token(token);
        return ingress.offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnectEncoder.encodedLength());
    }

    /**
     * @param ingress       the server's ingress.
     * @param sessionId     the open session.
     * @param correlationId the subscription's id.
     * @param fromSequence  first sequence wanted; 0 the oldest kept, -1 what comes next.
     * @param scope         ALL, OWN or MARKET.
     * @param key           the domain's filter within the scope.
     * @return the {@link Publication#offer} result.
     */
    long offerSubscribe(
        final Publication ingress,
        final long sessionId,
        final long correlationId,
        final long fromSequence,
        final SubscriptionScope scope,
        final long key)
    {
        subscribeEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId)
            .fromSequence(fromSequence)
            .scope(scope)
            .key(key)
            .token(token);
        return ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + subscribeEncoder.encodedLength());
    }

    /**
     * @param ingress       the server's ingress.
     * @param sessionId     the open session.
     * @param correlationId the subscription's id.
     * @return the {@link Publication#offer} result.
     */
    long offerUnsubscribe(final Publication ingress, final long sessionId, final long correlationId)
    {
        unsubscribeEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId)
            .token(token);
        return ingress.offer(
            controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + unsubscribeEncoder.encodedLength());
    }
}
