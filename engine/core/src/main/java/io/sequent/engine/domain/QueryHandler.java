package io.sequent.engine.domain;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import io.sequent.codecs.QueryStatus;

/**
 * A domain's read side as the gateway sees it: decodes one of the domain's query messages, reads the domain's
 * projections, and encodes the domain's result message. The gateway calls it on its own thread, never on the
 * sequencer's, so a query never delays a command; the projections it reads are written by the engine's read-side
 * thread, so it must open its own readers of them (Chronicle Map reads are safe across threads and processes).
 * <p>
 * An instance belongs to the one thread that calls it: keep flyweights and value instances in fields and reuse
 * them, so that answering allocates nothing.
 */
public interface QueryHandler extends AutoCloseable
{
    /**
     * Answers one query. Implementations read the projection's sequence <em>before</em> reading its entries, so
     * the sequence reported is never ahead of what was read: every event up to it is visible in the answer.
     *
     * @param query        buffer holding the domain's query message, starting with its SBE header.
     * @param offset       where the query starts.
     * @param length       of the query.
     * @param minSequence  the journal sequence the projection must have reached (0: any); when it has not, the
     *                     answer is {@link QueryStatus#NOT_YET} and nothing is encoded.
     * @param result       where to encode the domain's result message (its SBE header and body) when OK.
     * @param resultOffset where the result starts.
     * @param answer       receives the status, the projection's sequence and the result's length.
     */
    void answer(
        DirectBuffer query,
        int offset,
        int length,
        long minSequence,
        MutableDirectBuffer result,
        int resultOffset,
        QueryAnswer answer);

    /**
     * Releases the readers behind the handler.
     */
    @Override
    void close();
}
