package io.sequent.gateway;

import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.QueryResponseEncoder;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.codecs.QueryStatus;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's read side: answers a client's query from the domain's projections through the domain's
 * {@link QueryHandler}, on the gateway agent's thread, never the sequencer's. Encodes {@code QueryResponse} followed
 * by the domain's result into the agent's send buffer; flyweights and the answer are reused, so a query allocates
 * nothing here.
 * <p>
 * A query whose {@code minSequence} the projection has not reached is answered NOT_YET at once rather than parked:
 * the gateway thread never waits, and the client asks again ({@code SequentClient.queryAtLeast}).
 */
final class QueryEndpoint implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(QueryEndpoint.class);
    private static final int RESULT_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + QueryResponseEncoder.BLOCK_LENGTH;

    private final QueryHandler handler;
    private final GatewayCounters counters;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final QueryResponseEncoder responseEncoder = new QueryResponseEncoder();
    private final QueryAnswer answer = new QueryAnswer();

    /**
     * @param handler  the domain's query handler, or null when the server answers no queries (UNSUPPORTED).
     * @param counters where queries are counted.
     */
    QueryEndpoint(final QueryHandler handler, final GatewayCounters counters)
    {
        this.handler = handler;
        this.counters = counters;
    }

    /**
     * Answers one query into {@code out}, from offset 0.
     *
     * @param correlationId the client's id for the query.
     * @param minSequence   the journal sequence the projection must have reached.
     * @param buffer        holding the domain's query.
     * @param offset        where the query starts.
     * @param length        of the query.
     * @param out           where to encode the response and the result.
     * @return the response's length.
     */
    int answer(
        final long correlationId,
        final long minSequence,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MutableDirectBuffer out)
    {
        if (handler == null)
        {
            answer.set(QueryStatus.UNSUPPORTED, 0, 0);
        }
        else
        {
            try
            {
                handler.answer(buffer, offset, length, minSequence, out, RESULT_OFFSET, answer);
            }
            catch (final RuntimeException ex)
            {
                // A handler that fails on one query must not take the gateway down with it.
                LOG.warn("query handler failed on query {}: {}", correlationId, ex.toString());
                answer.set(QueryStatus.BAD_QUERY, 0, 0);
            }
        }
        counters.queriesAnswered().increment();
        if (answer.status() == QueryStatus.NOT_YET)
        {
            counters.queriesNotYet().increment();
        }
        responseEncoder.wrapAndApplyHeader(out, 0, headerEncoder)
            .correlationId(correlationId)
            .projectionSequence(answer.projectionSequence())
            .status(io.sequent.codecs.session.QueryStatus.get((short)answer.status()));
        final boolean withResult = answer.status() == QueryStatus.OK;
        return RESULT_OFFSET + (withResult ? answer.resultLength() : 0);
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(handler);
    }
}
