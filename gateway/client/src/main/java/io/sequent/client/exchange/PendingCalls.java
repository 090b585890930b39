package io.sequent.client.exchange;

import io.sequent.client.SequentClientException;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The futures of an {@link ExchangeClient} awaiting their answers, by correlation id: commands until their response,
 * queries until an answer other than NOT_YET (asked again meanwhile, and after a reconnect, since the client keeps
 * no copy of a query); each until its deadline. Futures are completed through a queue drained after the client's
 * poll, never from inside Aeron's fragment handler, so what an application chains on a future may call the client
 * again. Owned by the client's thread.
 */
final class PendingCalls
{
    /** First pause before asking a NOT_YET query again; doubled up to {@link #MAX_RETRY_PAUSE_NS}. */
    private static final long MIN_RETRY_PAUSE_NS = 20_000;
    private static final long MAX_RETRY_PAUSE_NS = 2_000_000;
    /** How often deadlines are checked, at most. */
    private static final long SWEEP_INTERVAL_NS = 10_000_000;

    /**
     * Reads a query's answer into what its future gives.
     *
     * @param <T> the future's type.
     */
    interface QueryReader<T>
    {
        /**
         * @return the value of an OK answer.
         */
        T read(QueryAnswers answers, DirectBuffer buffer, int offset, int length);

        /**
         * @return the value of a NOT_FOUND answer.
         */
        T notFound();
    }

    /** A command awaiting its response. */
    static final class Command
    {
        final CompletableFuture<Outcome<Object>> future;
        final int resultTemplate;
        final long deadlineNs;
        final String what;

        Command(final CompletableFuture<Outcome<Object>> future, final int resultTemplate, final long deadlineNs,
            final String what)
        {
            this.future = future;
            this.resultTemplate = resultTemplate;
            this.deadlineNs = deadlineNs;
            this.what = what;
        }
    }

    /** A query awaiting an answer. */
    static final class Query
    {
        final CompletableFuture<Object> future;
        final QueryReader<Object> reader;
        final UnsafeBuffer request;
        final long minSequence;
        final long deadlineNs;
        final String what;
        long retryAtNs;
        long pauseNs = MIN_RETRY_PAUSE_NS;

        Query(final CompletableFuture<Object> future, final QueryReader<Object> reader, final UnsafeBuffer request,
            final long minSequence, final long deadlineNs, final String what)
        {
            this.future = future;
            this.reader = reader;
            this.request = request;
            this.minSequence = minSequence;
            this.deadlineNs = deadlineNs;
            this.what = what;
        }
    }

    private final Long2ObjectHashMap<Command> commands = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Query> queries = new Long2ObjectHashMap<>();
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private final List<Long> expired = new ArrayList<>();
    private long nextSweepNs;

    void addCommand(final long correlationId, final Command command)
    {
        commands.put(correlationId, command);
    }

    /**
     * @return the command, no longer pending; null when none awaits that id.
     */
    Command takeCommand(final long correlationId)
    {
        return commands.remove(correlationId);
    }

    void addQuery(final long correlationId, final Query query)
    {
        queries.put(correlationId, query);
    }

    Query query(final long correlationId)
    {
        return queries.get(correlationId);
    }

    Query takeQuery(final long correlationId)
    {
        return queries.remove(correlationId);
    }

    /**
     * Schedules a query for asking again, after a pause that grows while the read model stays behind.
     */
    void retryLater(final Query query, final long nowNs)
    {
        if (query.retryAtNs == 0)
        {
            query.retryAtNs = nowNs + query.pauseNs;
            query.pauseNs = Math.min(MAX_RETRY_PAUSE_NS, query.pauseNs * 2);
        }
    }

    /**
     * @param sender asks a query again; false when it could not be sent now (it is tried at the next poll).
     * @param all    true after a reconnect: every query is asked again, due or not.
     */
    void resendQueries(final long nowNs, final boolean all, final QuerySender sender)
    {
        if (queries.isEmpty())
        {
            return;
        }
        final Long2ObjectHashMap<Query>.KeyIterator ids = queries.keySet().iterator();
        while (ids.hasNext())
        {
            final long correlationId = ids.nextLong();
            final Query query = queries.get(correlationId);
            if ((all || (query.retryAtNs != 0 && nowNs >= query.retryAtNs)) &&
                sender.send(correlationId, query))
            {
                query.retryAtNs = 0;
            }
        }
    }

    /**
     * Sends a query again.
     */
    @FunctionalInterface
    interface QuerySender
    {
        /**
         * @return whether it was sent.
         */
        boolean send(long correlationId, Query query);
    }

    /**
     * Fails the calls past their deadline, checking at most every {@link #SWEEP_INTERVAL_NS}.
     */
    void expire(final long nowNs)
    {
        if (nowNs < nextSweepNs || (commands.isEmpty() && queries.isEmpty()))
        {
            return;
        }
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        expired.clear();
        commands.forEach((id, command) ->
        {
            if (nowNs > command.deadlineNs)
            {
                expired.add(id);
            }
        });
        for (final Long id : expired)
        {
            final Command command = commands.remove(id);
            fail(command.future, new SequentClientException("no response to " + command.what + " (correlation id " +
                id + ") in time; an outcome that comes later goes to the ExchangeListener"));
        }
        expired.clear();
        queries.forEach((id, query) ->
        {
            if (nowNs > query.deadlineNs)
            {
                expired.add(id);
            }
        });
        for (final Long id : expired)
        {
            final Query query = queries.remove(id);
            fail(query.future, new SequentClientException("no answer to " + query.what + " in time (the read " +
                "model had not reached sequence " + query.minSequence + ", or the server did not answer)"));
        }
    }

    /**
     * Queues a future's completion for {@link #drain()}.
     */
    <T> void complete(final CompletableFuture<T> future, final T value)
    {
        completions.add(() -> future.complete(value));
    }

    /**
     * Queues a future's failure for {@link #drain()}.
     */
    void fail(final CompletableFuture<?> future, final Throwable cause)
    {
        completions.add(() -> future.completeExceptionally(cause));
    }

    /**
     * Completes the queued futures, on the calling thread; what they run may call the client again.
     *
     * @return futures completed.
     */
    int drain()
    {
        int work = 0;
        Runnable completion;
        while ((completion = completions.poll()) != null)
        {
            completion.run();
            work++;
        }
        return work;
    }

    /**
     * Fails every call still pending (the client is closing) and completes them.
     */
    void failAll(final String why)
    {
        commands.forEach((id, command) -> fail(command.future, new SequentClientException(why)));
        commands.clear();
        queries.forEach((id, query) -> fail(query.future, new SequentClientException(why)));
        queries.clear();
        drain();
    }

    /**
     * @return calls awaiting an answer.
     */
    int size()
    {
        return commands.size() + queries.size();
    }
}
