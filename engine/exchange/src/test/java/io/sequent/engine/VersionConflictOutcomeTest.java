package io.sequent.engine;

import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Optimistic concurrency through the real engine: a command with a stale expected version reaches its client as
 * {@code VERSION_CONFLICT} with the account's current version in the outcome's detail, and a restart recovers the
 * same versions from the journal.
 */
class VersionConflictOutcomeTest implements OutcomeHandler
{
    @TempDir
    Path dir;

    private final Long2LongHashMap reasons = new Long2LongHashMap(-1);
    private final Long2LongHashMap details = new Long2LongHashMap(-1);
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20).snapshotEveryEvents(0);
    }

    @Test
    void aStaleVersionIsRejectedWithTheCurrentVersionAsTheDetail()
    {
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(0, execute(engine, 1, commands.openAccount(command, 0, 5)));
            assertEquals(0, execute(engine, 2, commands.deposit(command, 0, 5, 1, 100, 1)));
            assertEquals(0, execute(engine, 3, commands.withdraw(command, 0, 5, 1, 30, 2)));

            // Two clients both saw version 2; the withdrawal above won, so this one learns the account is at 3.
            assertEquals(ExchangeReasons.VERSION_CONFLICT, execute(engine, 4,
                commands.withdraw(command, 0, 5, 1, 50, 2)));
            assertEquals(3, details.get(4));
            assertEquals(0, execute(engine, 5, commands.withdraw(command, 0, 5, 1, 50, details.get(4))));
            assertEquals(0, details.get(5));
            engine.close();
            assertEquals(20, engine.closedState().available(5, 1));
            assertEquals(4, engine.closedState().version(5));
            hash = engine.stateHash();
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(hash, engine.recoveryReport().stateHash());
            engine.close();
            assertEquals(4, engine.closedState().version(5));
        }
    }

    private int execute(final Engine<ExchangeState> engine, final long correlationId, final int length)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.offer(3, correlationId, command, 0, length) < 0)
        {
            engine.responder().poll(this);
        }
        while (!reasons.containsKey(correlationId))
        {
            engine.responder().poll(this);
            if (engine.failure() != null || System.nanoTime() > deadline)
            {
                throw new AssertionError("no outcome for " + correlationId, engine.failure());
            }
        }
        return (int)reasons.get(correlationId);
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
        reasons.put(correlationId, reason);
        details.put(correlationId, detail);
        return true;
    }
}
