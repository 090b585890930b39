package io.sequent.engine;

import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.OrderView;
import io.sequent.exchange.projection.TopOfBook;
import io.sequent.exchange.projection.TopOfBookProjection;
import io.sequent.journal.JournalReader;
import org.agrona.collections.MutableInteger;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, item 1, step by step: an IOC buy that would trade with more resting orders than one command may fill
 * is rejected {@code TOO_MANY_FILLS} and leaves no trace: the journal holds its command record and no domain event
 * (it used to hold an {@code OrderCancelled} for the never-accepted order, which stopped the read side and made the
 * data directory unrecoverable), the state is what it was, the engine answers the next command, the read models
 * keep up, and the directory recovers to the same state.
 */
class RejectedSweepTest
{
    private static final int QUOTE = 0;
    private static final int BASE = 1;
    private static final int INSTRUMENT = 1;
    private static final long SELLER = 1;
    private static final long BUYER = 2;
    private static final int RESTING_SELLS = 33;
    private static final long PRICE = 100;
    /** The fill limit the issue met (the default was 32 then); 33 resting sells sweep past it. */
    private static final int MAX_FILLS = 32;

    @TempDir
    Path dir;

    private static final long DRIVER_CLIENT = 7;

    private final ExchangeCommands commands = new ExchangeCommands();

    private static ExchangeDomain domain()
    {
        return new ExchangeDomain(ExchangeState.DEFAULT_MAX_ASSETS, ExchangeState.DEFAULT_MAX_ACCOUNTS, MAX_FILLS);
    }
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);

    private EngineContext<ExchangeState> context()
    {
        // The module's own read models (balances, orders, top of book), as a server runs them.
        return new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule(MAX_FILLS))
            .journalSegmentLength(1 << 20).snapshotEveryEvents(0);
    }

    /**
     * @return the setup and the 33 resting sells of the steps, as command lengths encoded on demand.
     */
    private IntUnaryOperator setupCommand()
    {
        return i -> switch (i)
        {
            case 0 -> commands.addInstrument(command, 0, INSTRUMENT, BASE, QUOTE, 1, 1);
            case 1 -> commands.openAccount(command, 0, SELLER);
            case 2 -> commands.openAccount(command, 0, BUYER);
            case 3 -> commands.deposit(command, 0, SELLER, BASE, 1_000);
            case 4 -> commands.deposit(command, 0, BUYER, QUOTE, 1_000_000);
            default -> commands.placeOrder(command, 0, SELLER, i - 4, INSTRUMENT, Side.SELL, TimeInForce.GTC,
                PRICE, 1);
        };
    }

    private int iocBuy(final long clientOrderId, final long quantity)
    {
        return commands.placeOrder(command, 0, BUYER, clientOrderId, INSTRUMENT, Side.BUY, TimeInForce.IOC, PRICE,
            quantity);
    }

    @Test
    void anIocSweepPastTheFillLimitIsRejectedLeavesNoEventAndTheEngineCarriesOnAndRecovers()
    {
        final int setupCount = 5 + RESTING_SELLS;
        final long hash;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final EngineDriver driver = new EngineDriver(engine);
            final IntUnaryOperator setup = setupCommand();
            for (int i = 0; i < setupCount; i++)
            {
                assertEquals(0, driver.execute(i, command, 0, setup.applyAsInt(i)), "setup command " + i);
            }
            final long lastSell = setupCount - 1;

            final long sweep = setupCount;
            assertEquals(ExchangeReasons.TOO_MANY_FILLS, driver.execute(sweep, command, 0, iocBuy(1, 33)));
            assertEquals(driver.sequence(lastSell) + 1, driver.sequence(sweep),
                "the rejected command journals its record alone");

            // The engine answers the next command: an IOC at the fill limit sweeps 32 of the 33 sells.
            final long next = sweep + 1;
            assertEquals(0, driver.execute(next, command, 0, iocBuy(2, 32)));
            engine.close();
            hash = engine.stateHash();

            assertEquals(expectedHashWithoutTheSweep(setupCount), domain().stateHash(engine.closedState()),
                "the rejection changed nothing");
            assertEquals(1, engine.closedState().openQuantity(RESTING_SELLS), "one sell still rests");
        }
        assertNoOrderCancelledInTheJournal();
        assertReadModelsKeptUp();

        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            assertEquals(hash, engine.recoveryReport().stateHash(), "the directory recovers to the same state");
            // The buyer's own client, with a correlation id it has not used: a new command.
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(setupCount + 2, command, 0, commands.deposit(command, 0, BUYER, QUOTE, 1)));
        }
    }

    /**
     * @return the exchange's state hash after the setup, the sells and the IOC at the fill limit, without the
     *         rejected sweep: computed by the domain alone, as the sequencer would.
     */
    private long expectedHashWithoutTheSweep(final int setupCount)
    {
        final ExchangeDomain domain = domain();
        final ExchangeState state = domain.newState();
        final RecordingEventAppender events = new RecordingEventAppender();
        // The engine's driver sends as client 7: the accounts' owner, in the state and its hash.
        events.clientId(DRIVER_CLIENT);
        final IntUnaryOperator setup = setupCommand();
        for (int i = 0; i < setupCount; i++)
        {
            assertEquals(0, events.execute(domain, command, 0, setup.applyAsInt(i), state));
        }
        assertEquals(0, events.execute(domain, command, 0, iocBuy(2, 32), state));
        return domain.stateHash(state);
    }

    private void assertNoOrderCancelledInTheJournal()
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MutableInteger events = new MutableInteger();
        final MutableInteger cancels = new MutableInteger();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            reader.read(1, new FrameRouter((sequence, timestamp, buffer, offset, length) ->
            {
                events.increment();
                if (header.wrap(buffer, offset).templateId() == OrderCancelledDecoder.TEMPLATE_ID)
                {
                    cancels.increment();
                }
            }, null));
        }
        // Instrument, 2 accounts, 2 deposits, 33 sells accepted; the IOC at the limit: accepted and 32 trades.
        assertEquals(5 + RESTING_SELLS + 1 + 32, events.get(), "domain events journaled");
        assertEquals(0, cancels.get(), "no cancel of an order that was never accepted");
    }

    private void assertReadModelsKeptUp()
    {
        try (TopOfBookProjection top = TopOfBookProjection.open(ExchangeModule.topOfBookFile(dir));
            OrderProjection orders = OrderProjection.open(ExchangeModule.ordersFile(dir)))
        {
            final TopOfBook book = TopOfBookProjection.newView();
            assertTrue(top.read(INSTRUMENT, book));
            assertEquals(PRICE, book.getAskPrice());
            assertEquals(1, book.getAskQuantity());
            assertEquals(0, book.getBidQuantity());

            // The rejected sweep took no order id: the IOC after it is order 34, and it filled.
            final OrderView order = OrderProjection.newView();
            assertTrue(orders.read(RESTING_SELLS + 1, order));
            assertEquals(OrderView.FILLED, order.getStatus());
            assertEquals(32, order.getFilled());
        }
    }
}
