package io.sequent.client;

import io.sequent.codecs.QueryStatus;
import org.agrona.DirectBuffer;

/**
 * The answer to a query, from {@link SequentClient#query} or {@link SequentClient#queryAtLeast}.
 *
 * @param correlationId      the id the query was sent with.
 * @param projectionSequence journal sequence the read model had applied when it was read.
 * @param status             a {@link QueryStatus} code.
 * @param result             a copy of the domain's result message (SBE header and body) when OK, else empty.
 */
public record QueryResult(long correlationId, long projectionSequence, int status, DirectBuffer result)
{
    /**
     * @return true when the result holds the domain's answer.
     */
    public boolean ok()
    {
        return status == QueryStatus.OK;
    }

    @Override
    public String toString()
    {
        return "QueryResult{correlationId=" + correlationId + ", projectionSequence=" + projectionSequence +
            ", status=" + QueryStatus.name(status) + ", resultLength=" + result.capacity() + "}";
    }
}
