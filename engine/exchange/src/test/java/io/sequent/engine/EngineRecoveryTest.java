package io.sequent.engine;

import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.BalanceProjection;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineRecoveryTest
{
    @TempDir
    Path dir;

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20);
    }

    @Test
    void replayOfTheJournalRebuildsTheLiveStateAndBalancesConserve()
    {
        final SeededAccountFlow flow = new SeededAccountFlow(200, 4);
        final long liveHash;
        final ExchangeState live;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(0, engine.recoveryReport().eventsReplayed());
            final EngineDriver driver = new EngineDriver(engine);
            flow.run(driver, 11, 20_000, 1);
            engine.close();
            live = engine.closedState();
            liveHash = engine.stateHash();
        }
        for (int asset = 0; asset < flow.assets(); asset++)
        {
            assertEquals(flow.net(asset), live.totalBalance(asset), "asset " + asset + " conserves");
        }
        assertTrue(live.totalBalance(0) > 0, "the flow moved money");

        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(liveHash, report.stateHash());
            assertTrue(report.eventsReplayed() > 200);
            engine.close();
            final ExchangeState recovered = engine.closedState();
            for (long account = 1; account <= 200; account++)
            {
                for (int asset = 0; asset < 4; asset++)
                {
                    assertEquals(live.available(account, asset), recovered.available(account, asset));
                }
            }
        }
    }

    @Test
    void sequencesContinueAfterARestart()
    {
        final SeededAccountFlow flow = new SeededAccountFlow(10, 2);
        final long lastBefore;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final EngineDriver driver = new EngineDriver(engine);
            flow.run(driver, 3, 100, 1);
            engine.close();
            lastBefore = engine.recoveryReport().lastSequence();
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final long recoveredLast = engine.recoveryReport().lastSequence();
            assertTrue(recoveredLast > lastBefore);
            final EngineDriver driver = new EngineDriver(engine);
            final ExchangeCommands commands = new ExchangeCommands();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
            // A correlation id the client has not used: a used one would be answered as a duplicate.
            assertEquals(0, driver.execute(10_000, buffer, 0, commands.deposit(buffer, 0, 1, 0, 5)));
            assertEquals(recoveredLast + 2, driver.sequence(10_000),
                "the new event follows the recovered ones, and its record follows it");
        }
    }

    @Test
    void aProjectionCatchesUpFromItsCheckpointAndADeletedOneIsRebuilt() throws Exception
    {
        final Path balances = dir.resolve("projections").resolve("balances.cm");
        final SeededAccountFlow flow = new SeededAccountFlow(30, 2);
        final ExchangeState live;
        try (Engine<ExchangeState> engine = Engine.launch(context().addProjection(BalanceProjection.create(balances))))
        {
            flow.run(new EngineDriver(engine), 5, 2_000, 1);
            engine.close();
            live = engine.closedState();
        }
        assertProjectionEquals(live, balances);

        java.nio.file.Files.delete(balances);
        try (Engine<ExchangeState> engine = Engine.launch(context().addProjection(BalanceProjection.create(balances))))
        {
            engine.close();
        }
        assertProjectionEquals(live, balances);
    }

    private static void assertProjectionEquals(final ExchangeState state, final Path file)
    {
        try (BalanceProjection view = BalanceProjection.open(file))
        {
            for (long account = 1; account <= 30; account++)
            {
                for (int asset = 0; asset < 2; asset++)
                {
                    assertEquals(state.available(account, asset), view.available(account, asset),
                        "account " + account + " asset " + asset);
                }
            }
        }
    }
}
