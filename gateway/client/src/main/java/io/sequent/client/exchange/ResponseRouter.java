package io.sequent.client.exchange;

import io.sequent.client.QueryListener;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClientException;
import io.sequent.codecs.QueryStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@link ResponseListener} and {@link QueryListener} of an {@link ExchangeClient}'s session: a command's outcome
 * goes to the future that awaits it, or else, decoded without allocation, to the {@link ExchangeListener}; a query's
 * answer to its future (NOT_YET: asked again later). Remembers the highest journal sequence this client's commands
 * reached, so that its queries read its own writes. Called on the client's thread, inside its poll.
 */
final class ResponseRouter implements ResponseListener, QueryListener
{
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final ExchangeListener listener;
    private final PendingCalls pending;
    private final CommandResults results = new CommandResults();
    private final QueryAnswers answers = new QueryAnswers();
    private long lastSequence;

    /**
     * @param listener takes the outcomes no future awaits; may be null.
     * @param pending  the futures awaiting answers.
     */
    ResponseRouter(final ExchangeListener listener, final PendingCalls pending)
    {
        this.listener = listener;
        this.pending = pending;
    }

    /**
     * @return the highest journal sequence a response to this client named (0 before the first).
     */
    long lastSequence()
    {
        return lastSequence;
    }

    @Override
    public void onResponse(
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        onResponse(correlationId, sequence, timestamp, reason, detail, duplicate, EMPTY, 0, 0);
    }

    @Override
    public void onResponse(
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
        lastSequence = Math.max(lastSequence, sequence);
        final PendingCalls.Command command = pending.takeCommand(correlationId);
        if (command != null)
        {
            final Outcome<Object> outcome = reason == 0 ?
                new Accepted<>(correlationId, sequence, timestamp, duplicate,
                    results.toRecord(command.resultTemplate, result, resultOffset, resultLength)) :
                new Rejected<>(correlationId, sequence, duplicate, Reject.of(reason), reason, detail);
            pending.complete(command.future, outcome);
        }
        else if (listener != null)
        {
            if (reason != 0)
            {
                listener.onRejected(correlationId, sequence, duplicate, Reject.of(reason), reason, detail);
            }
            else if (!results.dispatch(listener, correlationId, sequence, duplicate, result, resultOffset,
                resultLength))
            {
                listener.onAccepted(correlationId, sequence, duplicate);
            }
        }
    }

    @Override
    public void onQueryResponse(
        final long correlationId,
        final long projectionSequence,
        final int status,
        final DirectBuffer result,
        final int offset,
        final int length)
    {
        final PendingCalls.Query query = pending.query(correlationId);
        if (query == null)
        {
            return;
        }
        if (status == QueryStatus.NOT_YET)
        {
            pending.retryLater(query, System.nanoTime());
            return;
        }
        pending.takeQuery(correlationId);
        if (status == QueryStatus.OK)
        {
            try
            {
                pending.complete(query.future, query.reader.read(answers, result, offset, length));
            }
            catch (final IllegalStateException ex)
            {
                pending.fail(query.future, new SequentClientException(query.what + ": " + ex.getMessage()));
            }
        }
        else if (status == QueryStatus.NOT_FOUND)
        {
            pending.complete(query.future, query.reader.notFound());
        }
        else
        {
            pending.fail(query.future, new SequentClientException("the server could not answer " + query.what +
                ": " + QueryStatus.name(status) + (status == QueryStatus.UNSUPPORTED ?
                " (it answers no queries)" : "")));
        }
    }
}
