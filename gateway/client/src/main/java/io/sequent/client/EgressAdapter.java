package io.sequent.client;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.ChallengeDecoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.QueryResponseDecoder;
import io.sequent.codecs.session.SessionEventDecoder;
import io.sequent.codecs.session.SubscriptionEventDecoder;
import io.sequent.codecs.session.SubscriptionStatusDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads what the server sends on a client's egress and hands each message on: a command's outcome releases its copy
 * in the {@link InFlightWindow} and goes to the blocking call that awaits it or else to the {@link ResponseListener};
 * a query's answer likewise, or to the {@link QueryListener}; challenges and session events go to the
 * {@link ServerConnection}. Every message of the session schema counts as hearing from the server ({@link Liveness}).
 * Messages of other schemas are ignored. Allocates nothing except for the copy a blocking call returns. Owned by the
 * client's thread.
 */
final class EgressAdapter implements FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 64;
    private static final long NOT_AWAITED = Long.MIN_VALUE;

    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandResponseDecoder responseDecoder = new CommandResponseDecoder();
    private final SubscriptionEventDecoder eventDecoder = new SubscriptionEventDecoder();
    private final SubscriptionStatusDecoder statusDecoder = new SubscriptionStatusDecoder();
    private final ClientSubscriptions subscriptions;
    private final QueryResponseDecoder queryResponseDecoder = new QueryResponseDecoder();
    private final ChallengeDecoder challengeDecoder = new ChallengeDecoder();
    private final SessionEventDecoder sessionEventDecoder = new SessionEventDecoder();
    private final ServerConnection connection;
    private final InFlightWindow window;
    private final Liveness liveness;
    private final ResponseListener responseListener;
    private final QueryListener queryListener;
    private long awaitedCorrelationId = NOT_AWAITED;
    private CommandResult awaitedResult;
    private long awaitedQueryId = NOT_AWAITED;
    private QueryResult awaitedQueryResult;

    /**
     * @param connection       takes the challenges and session events.
     * @param window           releases the commands answered.
     * @param liveness         hears from the server.
     * @param responseListener takes the outcomes no blocking call awaits; may be null.
     * @param queryListener    takes the answers no blocking call awaits; may be null.
     */
    EgressAdapter(
        final ServerConnection connection,
        final InFlightWindow window,
        final Liveness liveness,
        final ResponseListener responseListener,
        final QueryListener queryListener,
        final ClientSubscriptions subscriptions)
    {
        this.subscriptions = subscriptions;
        this.connection = connection;
        this.window = window;
        this.liveness = liveness;
        this.responseListener = responseListener;
        this.queryListener = queryListener;
    }

    /**
     * @param egress the subscription to read, or null between connections.
     * @return fragments read.
     */
    int poll(final Subscription egress)
    {
        return egress != null ? egress.poll(assembler, FRAGMENT_LIMIT) : 0;
    }

    /**
     * From now until {@link #stopAwaitingResponse()}, the outcome of this command is kept for
     * {@link #awaitedResult()} instead of going to the listener.
     *
     * @param correlationId of the command a blocking call waits for.
     */
    void awaitResponse(final long correlationId)
    {
        awaitedCorrelationId = correlationId;
        awaitedResult = null;
    }

    /**
     * @return the outcome of the awaited command, or null while it has not arrived.
     */
    CommandResult awaitedResult()
    {
        return awaitedResult;
    }

    /**
     * The blocking send is over: outcomes go to the listener again.
     */
    void stopAwaitingResponse()
    {
        awaitedCorrelationId = NOT_AWAITED;
    }

    /**
     * From now until {@link #stopAwaitingQuery()}, the answer to this query is kept for
     * {@link #awaitedQueryResult()} instead of going to the listener.
     *
     * @param correlationId of the query a blocking call waits for.
     */
    void awaitQuery(final long correlationId)
    {
        awaitedQueryId = correlationId;
        awaitedQueryResult = null;
    }

    /**
     * @return the answer to the awaited query, or null while it has not arrived.
     */
    QueryResult awaitedQueryResult()
    {
        return awaitedQueryResult;
    }

    /**
     * The blocking query is over: answers go to the listener again.
     */
    void stopAwaitingQuery()
    {
        awaitedQueryId = NOT_AWAITED;
    }

    /**
     * Handles one whole message from the server.
     */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        liveness.onHeard(System.nanoTime());
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case CommandResponseDecoder.TEMPLATE_ID -> onResponse(buffer, bodyOffset, blockLength, version);
            case ChallengeDecoder.TEMPLATE_ID ->
                connection.onChallenge(challengeDecoder.wrap(buffer, bodyOffset, blockLength, version));
            case SessionEventDecoder.TEMPLATE_ID ->
                connection.onSessionEvent(sessionEventDecoder.wrap(buffer, bodyOffset, blockLength, version));
            case QueryResponseDecoder.TEMPLATE_ID ->
                onQueryResponse(buffer, offset + length, bodyOffset, blockLength, version);
            case SubscriptionEventDecoder.TEMPLATE_ID ->
            {
                eventDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final int eventOffset = bodyOffset + blockLength;
                subscriptions.onEvent(eventDecoder.correlationId(), eventDecoder.sequence(), eventDecoder.timestamp(),
                    buffer, eventOffset, offset + length - eventOffset);
            }
            case SubscriptionStatusDecoder.TEMPLATE_ID ->
            {
                statusDecoder.wrap(buffer, bodyOffset, blockLength, version);
                subscriptions.onStatus(statusDecoder.correlationId(), statusDecoder.code(), statusDecoder.reason(),
                    statusDecoder.position(), statusDecoder.detail());
            }
            default ->
            {
            }
        }
    }

    private void onResponse(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
    {
        responseDecoder.wrap(buffer, bodyOffset, blockLength, version);
        final long correlationId = responseDecoder.correlationId();
        window.release(correlationId);
        final boolean duplicate = responseDecoder.duplicate() == BooleanType.TRUE;
        final long sequence = responseDecoder.sequence();
        final long timestamp = responseDecoder.timestamp();
        final int reason = responseDecoder.reason();
        final long detail = responseDecoder.detail();
        // A server of protocol version 3 sends no result: its length reads as 0.
        final int resultLength = responseDecoder.resultLength();
        final int resultOffset = responseDecoder.limit() + CommandResponseDecoder.resultHeaderLength();
        if (correlationId == awaitedCorrelationId)
        {
            final byte[] result = new byte[resultLength];
            buffer.getBytes(resultOffset, result);
            awaitedResult = new CommandResult(correlationId, sequence, timestamp, reason, detail, duplicate, result);
        }
        else if (responseListener != null)
        {
            responseListener.onResponse(correlationId, sequence, timestamp, reason, detail, duplicate, buffer,
                resultOffset, resultLength);
        }
    }

    private void onQueryResponse(
        final DirectBuffer buffer, final int end, final int bodyOffset, final int blockLength, final int version)
    {
        queryResponseDecoder.wrap(buffer, bodyOffset, blockLength, version);
        final long correlationId = queryResponseDecoder.correlationId();
        final long projectionSequence = queryResponseDecoder.projectionSequence();
        final int status = queryResponseDecoder.statusRaw();
        final int resultOffset = bodyOffset + blockLength;
        final int resultLength = Math.max(0, end - resultOffset);
        if (correlationId == awaitedQueryId)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[resultLength]);
            copy.putBytes(0, buffer, resultOffset, resultLength);
            awaitedQueryResult = new QueryResult(correlationId, projectionSequence, status, copy);
        }
        else if (queryListener != null)
        {
            queryListener.onQueryResponse(correlationId, projectionSequence, status, buffer, resultOffset,
                resultLength);
        }
    }
}
