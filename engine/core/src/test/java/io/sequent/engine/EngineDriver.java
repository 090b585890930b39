package io.sequent.engine;

import io.sequent.engine.consumer.OutcomeHandler;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * Test harness standing where the gateway stands: offers commands and polls their outcomes on one thread.
 */
final class EngineDriver implements OutcomeHandler
{
    private static final long SESSION = 7;

    private final Engine<?> engine;
    private final long clientId;
    private final Long2LongHashMap reasons = new Long2LongHashMap(-1);
    private final Long2LongHashMap sequences = new Long2LongHashMap(-1);
    private long outcomes;

    EngineDriver(final Engine<?> engine)
    {
        this(engine, SESSION);
    }

    /**
     * @param clientId the client the commands come from: the engine answers a (client, correlation id) it has seen
     *                 before as a duplicate, so a run that reuses correlation ids needs a client of its own.
     */
    EngineDriver(final Engine<?> engine, final long clientId)
    {
        this.engine = engine;
        this.clientId = clientId;
    }

    /**
     * Offers a command, polling outcomes while the ring is full.
     */
    void offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long result;
        while ((result = engine.offer(SESSION, clientId, correlationId, buffer, offset, length)) == Engine.BACK_PRESSURED)
        {
            engine.responder().poll(this);
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("command ring stayed full");
            }
        }
        if (result < 0)
        {
            throw new AssertionError("offer failed: " + result);
        }
    }

    /**
     * Offers a command and waits for its outcome.
     *
     * @return the reject reason, 0 when accepted.
     */
    int execute(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        offer(correlationId, buffer, offset, length);
        awaitOutcome(correlationId);
        return (int)reasons.get(correlationId);
    }

    void awaitOutcome(final long correlationId)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reasons.containsKey(correlationId))
        {
            engine.responder().poll(this);
            if (engine.failure() != null)
            {
                throw new AssertionError("engine failed", engine.failure());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("no outcome for " + correlationId);
            }
        }
    }

    int reason(final long correlationId)
    {
        return (int)reasons.get(correlationId);
    }

    long sequence(final long correlationId)
    {
        return sequences.get(correlationId);
    }

    long outcomes()
    {
        return outcomes;
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        if (sessionId != SESSION)
        {
            throw new AssertionError("outcome for a foreign session " + sessionId);
        }
        if (reasons.put(correlationId, reason) != -1)
        {
            throw new AssertionError("second outcome for " + correlationId);
        }
        sequences.put(correlationId, sequence);
        outcomes++;
        return true;
    }
}
