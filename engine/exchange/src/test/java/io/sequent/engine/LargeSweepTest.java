package io.sequent.engine;

import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.PlaceOrderResultDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default fill limit in a real engine: one order sweeps a thousand resting orders, its events spread over many
 * event slots, its result counts every trade; one more maker is rejected whole; the directory recovers.
 */
class LargeSweepTest
{
    private static final int QUOTE = 0;
    private static final int BASE = 1;
    private static final int INSTRUMENT = 1;
    private static final long SELLER = 1;
    private static final long BUYER = 2;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule())
            .journalSegmentLength(1 << 22).snapshotEveryEvents(0);
    }

    @Test
    void aThousandFillsInOneCommandAndOneMoreRejected()
    {
        final int limit = ExchangeDomain.DEFAULT_MAX_FILLS;
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final EngineDriver driver = new EngineDriver(engine);
            long id = 0;
            assertEquals(0, driver.execute(++id, command, 0, commands.addInstrument(command, 0, INSTRUMENT, BASE,
                QUOTE, 1, 1)));
            for (final long account : new long[] { SELLER, BUYER })
            {
                assertEquals(0, driver.execute(++id, command, 0, commands.openAccount(command, 0, account)));
                assertEquals(0, driver.execute(++id, command, 0, commands.deposit(command, 0, account, BASE, 10_000)));
                assertEquals(0, driver.execute(++id, command, 0,
                    commands.deposit(command, 0, account, QUOTE, 100_000_000)));
            }
            for (int i = 1; i <= limit + 1; i++)
            {
                driver.offer(++id, command, 0, commands.placeOrder(command, 0, SELLER, i, INSTRUMENT, Side.SELL,
                    TimeInForce.GTC, 100 + i % 5, 1));
            }
            driver.awaitOutcome(id);
            assertEquals(limit + 1, engine.positions().commandsSequenced() - 7, "every sell sequenced");

            assertEquals(ExchangeReasons.TOO_MANY_FILLS, driver.execute(++id, command, 0, commands.placeOrder(
                command, 0, BUYER, 1, INSTRUMENT, Side.BUY, TimeInForce.IOC, 1_000, limit + 1)));
            final long sweep = ++id;
            assertEquals(0, driver.execute(sweep, command, 0, commands.placeOrder(
                command, 0, BUYER, 2, INSTRUMENT, Side.BUY, TimeInForce.IOC, 1_000, limit)));

            final UnsafeBuffer result = new UnsafeBuffer(driver.result(sweep));
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(result, 0);
            assertEquals(PlaceOrderResultDecoder.TEMPLATE_ID, header.templateId());
            final PlaceOrderResultDecoder placed = new PlaceOrderResultDecoder().wrap(result,
                MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            assertEquals(limit, placed.fillCount());
            assertEquals(limit, placed.filledQuantity());
            assertEquals(OrderStatus.FILLED, placed.status());
            engine.close();
            hash = engine.stateHash();
            assertEquals(1, engine.closedState().orderCount(), "one sell still rests");
            assertEquals(10_000 + limit, engine.closedState().available(BUYER, BASE));
        }
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(hash, engine.recoveryReport().stateHash());
        }
    }
}
