package io.sequent.engine;

import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated order flow through the real engine (rings, sequencer, journal): replaying the journal rebuilds a
 * state whose hash equals the live one, books and reservations included.
 */
class OrderFlowReplayTest
{
    @TempDir
    Path dir;

    @Test
    void replayOfAnOrderFlowRebuildsTheLiveState()
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(7, 30, 4).generate(50_000);
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dir).domain(ExchangeDomain::new).journalSegmentLength(8 << 20);
        final long liveHash;
        final int resting;
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            liveHash = engine.stateHash();
            resting = engine.closedState().orderCount();
            for (int asset = 0; asset <= 4; asset++)
            {
                assertEquals(30 * OrderFlowGenerator.INITIAL_BALANCE, engine.closedState().totalBalance(asset));
            }
        }
        assertTrue(resting > 0);

        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>()
            .dataDir(dir).domain(ExchangeDomain::new)))
        {
            assertEquals(liveHash, engine.recoveryReport().stateHash());
            engine.close();
            assertEquals(resting, engine.closedState().orderCount());
        }
    }
}
