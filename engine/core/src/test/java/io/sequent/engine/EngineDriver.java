package io.sequent.engine;

import io.sequent.engine.consumer.OutcomeHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.concurrent.TimeUnit;

/**
 * Test harness standing where the gateway stands: offers commands and polls their outcomes on one thread. With an
 * engine in {@code INVOKER} mode it also steps the engine's stages whenever it waits.
 */
public final class EngineDriver implements OutcomeHandler
{
    private static final long SESSION = 7;

    private final Engine<?> engine;
    private final long clientId;
    private final Long2LongHashMap reasons = new Long2LongHashMap(-1);
    private final Long2LongHashMap sequences = new Long2LongHashMap(-1);
    private final Long2ObjectHashMap<byte[]> results = new Long2ObjectHashMap<>();
    private final Long2LongHashMap duplicates = new Long2LongHashMap(-1);
    private long outcomes;

    /**
     * @param engine the engine to drive, as client 7.
     */
    public EngineDriver(final Engine<?> engine)
    {
        this(engine, SESSION);
    }

    /**
     * @param clientId the client the commands come from: the engine answers a (client, correlation id) it has seen
     *                 before as a duplicate, so a run that reuses correlation ids needs a client of its own.
     */
    public EngineDriver(final Engine<?> engine, final long clientId)
    {
        this.engine = engine;
        this.clientId = clientId;
    }

    /**
     * Offers a command, polling outcomes while the ring is full.
     */
    public void offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long result;
        while ((result = engine.offer(SESSION, clientId, correlationId, buffer, offset,
            length)) == Engine.BACK_PRESSURED)
        {
            poll();
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
    public int execute(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        offer(correlationId, buffer, offset, length);
        awaitOutcome(correlationId);
        return (int)reasons.get(correlationId);
    }

    /**
     * Waits until the command's outcome has arrived.
     */
    public void awaitOutcome(final long correlationId)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!reasons.containsKey(correlationId))
        {
            poll();
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

    /**
     * @return the command's reject reason, 0 when accepted, -1 before its outcome.
     */
    public int reason(final long correlationId)
    {
        return (int)reasons.get(correlationId);
    }

    /**
     * @return the journal sequence its outcome named.
     */
    public long sequence(final long correlationId)
    {
        return sequences.get(correlationId);
    }

    /**
     * @return outcomes received.
     */
    public long outcomes()
    {
        return outcomes;
    }

    /**
     * Steps the engine when the caller drives it, then takes the outcomes that are ready.
     *
     * @return outcomes taken.
     */
    public int poll()
    {
        final AgentInvoker invoker = engine.invoker();
        if (invoker != null)
        {
            invoker.invoke();
        }
        return engine.responder().poll(this);
    }

    /**
     * @return the result bytes the command's outcome carried (empty when none).
     */
    public byte[] result(final long correlationId)
    {
        return results.get(correlationId);
    }

    /**
     * @return whether the command's outcome was marked duplicate.
     */
    public boolean duplicate(final long correlationId)
    {
        return duplicates.get(correlationId) == 1;
    }

    /**
     * Forgets a command's outcome, so the same correlation id can be offered again (a re-send).
     */
    public void forget(final long correlationId)
    {
        reasons.remove(correlationId);
        sequences.remove(correlationId);
        results.remove(correlationId);
        duplicates.remove(correlationId);
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
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
        final byte[] bytes = new byte[resultLength];
        result.getBytes(resultOffset, bytes);
        results.put(correlationId, bytes);
        duplicates.put(correlationId, duplicate ? 1 : 0);
        return onOutcome(sessionId, correlationId, sequence, timestamp, reason, detail, duplicate);
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
