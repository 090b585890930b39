package io.sequent.client;

import io.aeron.Publication;
import io.sequent.client.SequentClient.State;
import io.sequent.codecs.QueryStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;

/**
 * The blocking conveniences of a {@link SequentClient}: each offers, then polls the client with its idle strategy
 * until the answer is in or the deadline has passed. Meanwhile the listeners get everything else that arrives, on
 * the calling thread. For scripts, tests and set-up; a fast sender uses {@link SequentClient#offer} and
 * {@link SequentClient#poll()}. Owned by the client's thread.
 */
final class BlockingCalls
{
    private final SequentClient client;
    private final ServerConnection connection;
    private final EgressAdapter egressAdapter;
    private final IdleStrategy idle;
    private final int maxCommandLength;

    /**
     * @param client        to offer on and poll.
     * @param connection    the client's, for its state and problems.
     * @param egressAdapter the client's, to be told what is awaited.
     * @param ctx           the client's configuration.
     */
    BlockingCalls(
        final SequentClient client,
        final ServerConnection connection,
        final EgressAdapter egressAdapter,
        final ClientContext ctx)
    {
        this.client = client;
        this.connection = connection;
        this.egressAdapter = egressAdapter;
        this.idle = ctx.idleStrategy();
        this.maxCommandLength = ctx.maxCommandLength();
    }

    /**
     * Polls until the first session is open.
     *
     * @param timeout        how long to wait.
     * @param ingressChannel where the server is meant to listen, for the message.
     * @throws SequentClientException when the server refuses the session or none opens in time.
     */
    void awaitFirstSession(final Duration timeout, final String ingressChannel)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        idle.reset();
        while (connection.state() != State.CONNECTED)
        {
            if (connection.state() == State.CLOSED)
            {
                throw new SequentClientException("the server refused the session (" + connection.closeReason() +
                    "): " + connection.lastProblem());
            }
            if (System.nanoTime() > deadline)
            {
                throw new SequentClientException(connection.lastProblem().isEmpty() ?
                    "the server at " + ingressChannel + " did not open a session in time" : connection.lastProblem());
            }
            idle.idle(client.poll());
        }
        connection.onFirstSessionOpened();
    }

    /**
     * See {@link SequentClient#send}.
     */
    CommandResult send(final DirectBuffer command, final int offset, final int length, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final long correlationId = client.nextCorrelationId();
        idle.reset();
        long result;
        while ((result = client.offer(correlationId, command, offset, length)) < 0)
        {
            if (result == SequentClient.CLOSED)
            {
                throw new SequentClientException("the client is closed: " + connection.lastProblem());
            }
            if (result == SequentClient.TOO_LARGE)
            {
                throw new SequentClientException("a command of " + length + " bytes is larger than " +
                    maxCommandLength + " (ClientContext.maxCommandLength)");
            }
            checkDeadline(deadline, "command " + correlationId + " could not be sent in time (" + result + ")");
            idle.idle(client.poll());
        }

        egressAdapter.awaitResponse(correlationId);
        idle.reset();
        try
        {
            while (egressAdapter.awaitedResult() == null)
            {
                checkDeadline(deadline, "no response to command " + correlationId + " within " + timeout);
                idle.idle(client.poll());
            }
            return egressAdapter.awaitedResult();
        }
        finally
        {
            egressAdapter.stopAwaitingResponse();
        }
    }

    /**
     * See {@link SequentClient#query}.
     */
    QueryResult query(
        final DirectBuffer query, final int offset, final int length, final long minSequence, final Duration timeout)
    {
        return awaitQuery(query, offset, length, minSequence, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /**
     * See {@link SequentClient#queryAtLeast}.
     */
    QueryResult queryAtLeast(
        final DirectBuffer query, final int offset, final int length, final long sequence, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        // From 10 us up to 1 ms between asks: a lagging projection is not flooded with queries.
        final IdleStrategy pause = new BackoffIdleStrategy(1, 1, 10_000, 1_000_000);
        while (true)
        {
            final QueryResult result = awaitQuery(query, offset, length, sequence, deadline, timeout);
            if (result.status() != QueryStatus.NOT_YET)
            {
                return result;
            }
            checkDeadline(deadline, "the read model did not reach sequence " + sequence + " within " + timeout +
                " (it was at " + result.projectionSequence() + ")");
            pause.idle();
        }
    }

    private QueryResult awaitQuery(
        final DirectBuffer query,
        final int offset,
        final int length,
        final long minSequence,
        final long deadline,
        final Duration timeout)
    {
        final long correlationId = client.nextCorrelationId();
        idle.reset();
        long result;
        while ((result = client.offerQuery(correlationId, minSequence, query, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new SequentClientException("the ingress publication is closed");
            }
            checkDeadline(deadline, "query " + correlationId + " could not be sent in time (" + result + ")");
            idle.idle(client.poll());
        }
        egressAdapter.awaitQuery(correlationId);
        idle.reset();
        try
        {
            while (egressAdapter.awaitedQueryResult() == null)
            {
                checkDeadline(deadline, "no answer to query " + correlationId + " within " + timeout);
                idle.idle(client.poll());
            }
            return egressAdapter.awaitedQueryResult();
        }
        finally
        {
            egressAdapter.stopAwaitingQuery();
        }
    }

    private static void checkDeadline(final long deadline, final String message)
    {
        if (System.nanoTime() > deadline)
        {
            throw new SequentClientException(message);
        }
    }
}
