package io.sequent.client;

import org.agrona.DirectBuffer;

/**
 * Receives the answers to queries sent with {@link SequentClient#offerQuery}, on the thread that calls
 * {@link SequentClient#poll()}.
 */
@FunctionalInterface
public interface QueryListener
{
    /**
     * @param correlationId      the id the query was sent with.
     * @param projectionSequence journal sequence the read model had applied when it was read.
     * @param status             a {@code QueryStatus} code (0 OK, 1 NOT_FOUND, 2 NOT_YET, 3 BAD_QUERY, 4 UNSUPPORTED).
     * @param result             buffer holding the domain's result (its SBE header and body) when OK; valid only
     *                           during the call.
     * @param offset             where the result starts.
     * @param length             of the result, 0 unless OK.
     */
    void onQueryResponse(
        long correlationId, long projectionSequence, int status, DirectBuffer result, int offset, int length);
}
