package io.sequent.exchange.audience;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OrderAcceptedEncoder;
import io.sequent.codecs.exchange.OrderCancelledEncoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.EngineDriver;
import io.sequent.engine.domain.EventAudience;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.EventText;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.AccountProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each subscriber sees of a real engine's journal through the exchange's audience: its own accounts' events in
 * scope OWN (the other side of a trade anonymous), anonymous order-book events in scope MARKET, filtered by key; and
 * NOT_YET while the projections the audience reads have not reached an event they need.
 */
class ExchangeAudienceTest
{
    private static final long ALICE = 21;
    private static final long BOB = 22;
    private static final long CAROL = 23;
    private static final int USD = 0;
    private static final int BTC = 1;
    private static final int ETH = 2;
    private static final int BTC_USD = 1;
    private static final int ETH_USD = 2;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[256]);
    private long correlationId;

    private void execute(final EngineDriver driver, final int length)
    {
        assertEquals(0, driver.execute(++correlationId, command, 0, length));
    }

    /**
     * Alice and Bob trade BTC (Alice's ask, Bob's crossing bid), Bob rests an ETH bid and amends it, Alice cancels
     * the rest of her ask; Carol only looks.
     */
    private void trade()
    {
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir)
            .module(new ExchangeModule()).journalSegmentLength(1 << 20).snapshotEveryEvents(0)))
        {
            final EngineDriver alice = new EngineDriver(engine, ALICE);
            final EngineDriver bob = new EngineDriver(engine, BOB);
            execute(alice, commands.addInstrument(command, 0, BTC_USD, BTC, USD, 1, 1));
            execute(alice, commands.addInstrument(command, 0, ETH_USD, ETH, USD, 1, 1));
            execute(alice, commands.openAccount(command, 0, 1));
            execute(alice, commands.deposit(command, 0, 1, BTC, 10));
            execute(bob, commands.openAccount(command, 0, 2));
            execute(bob, commands.deposit(command, 0, 2, USD, 100_000));
            execute(alice, commands.placeOrder(command, 0, 1, 71, BTC_USD, Side.SELL, TimeInForce.GTC, 1_000, 5));
            execute(bob, commands.placeOrder(command, 0, 2, 81, BTC_USD, Side.BUY, TimeInForce.GTC, 1_100, 2));
            execute(bob, commands.placeOrder(command, 0, 2, 82, ETH_USD, Side.BUY, TimeInForce.GTC, 50, 10));
            execute(bob, commands.amendOrder(command, 0, 2, 3, 55, 10));
            execute(alice, commands.cancelOrder(command, 0, 1, 1));
            engine.close();
        }
    }

    private List<String> seen(final EventAudience audience, final SubscriptionScope scope, final long client,
        final long key)
    {
        final List<String> lines = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            reader.read(1, new FrameRouter((sequence, timestamp, buffer, offset, length) ->
            {
                final int written = audience.view(scope, client, key, sequence, buffer, offset, length, view, 8);
                assertTrue(written >= 0, "every event is decided once the projections are complete");
                if (written > 0)
                {
                    assertEquals(length, written);
                    lines.add(EventText.of(view, 8));
                }
            }, null));
        }
        return lines;
    }

    @Test
    void ownIsTheSubscribersAccountsWithTheOtherSideOfATradeAnonymous()
    {
        trade();
        try (EventAudience audience = new ExchangeModule().openAudience(dir))
        {
            assertTrue(audience.supports(SubscriptionScope.OWN));
            assertTrue(audience.supports(SubscriptionScope.MARKET));
            assertFalse(audience.supports(SubscriptionScope.ALL));

            assertEquals(List.of(
                "AccountOpened account=1",
                "Deposited account=1 asset=1 amount=10",
                "OrderAccepted id=1 account=1 clientOrderId=71 instrument=1 buy=false ioc=false price=1000 " +
                    "quantity=5 reserved=5 asset=1",
                "TradeExecuted instrument=1 maker=1 taker=2 makerAccount=1 takerAccount=0 takerBuys=true " +
                    "price=1000 quantity=2 refund=200 base=1 quote=0",
                "OrderCancelled id=1 account=1 remaining=3 released=3 asset=1"),
                seen(audience, SubscriptionScope.OWN, ALICE, 0));

            final List<String> bob = seen(audience, SubscriptionScope.OWN, BOB, 0);
            assertEquals(6, bob.size(), bob.toString());
            assertTrue(bob.get(3).startsWith("TradeExecuted instrument=1 maker=1 taker=2 makerAccount=0 " +
                "takerAccount=2"), bob.get(3));
            assertTrue(bob.get(5).startsWith("OrderAmended id=3 account=2 price=55"), bob.get(5));

            assertEquals(List.of(), seen(audience, SubscriptionScope.OWN, CAROL, 0), "Carol owns nothing");
            assertEquals(List.of(), seen(audience, SubscriptionScope.OWN, ALICE, 2), "the key is an account");
            assertEquals(5, seen(audience, SubscriptionScope.OWN, ALICE, 1).size());
        }
    }

    @Test
    void marketIsTheOrderBookEventsWithoutWhoTradedFilteredByInstrument()
    {
        trade();
        try (EventAudience audience = new ExchangeModule().openAudience(dir))
        {
            final List<String> all = seen(audience, SubscriptionScope.MARKET, CAROL, 0);
            assertEquals(List.of(
                "InstrumentAdded id=1 base=1 quote=0 tick=1 lot=1",
                "InstrumentAdded id=2 base=2 quote=0 tick=1 lot=1",
                "OrderAccepted id=1 account=0 clientOrderId=0 instrument=1 buy=false ioc=false price=1000 " +
                    "quantity=5 reserved=0 asset=1",
                "OrderAccepted id=2 account=0 clientOrderId=0 instrument=1 buy=true ioc=false price=1100 " +
                    "quantity=2 reserved=0 asset=0",
                "TradeExecuted instrument=1 maker=1 taker=2 makerAccount=0 takerAccount=0 takerBuys=true " +
                    "price=1000 quantity=2 refund=0 base=1 quote=0",
                "OrderAccepted id=3 account=0 clientOrderId=0 instrument=2 buy=true ioc=false price=50 " +
                    "quantity=10 reserved=0 asset=0",
                "OrderAmended id=3 account=0 price=55 quantity=10 delta=0 keepsPriority=false asset=0",
                "OrderCancelled id=1 account=0 remaining=3 released=0 asset=1"),
                all);
            assertEquals(all, seen(audience, SubscriptionScope.MARKET, ALICE, 0), "the same for everyone");

            final List<String> btc = seen(audience, SubscriptionScope.MARKET, CAROL, BTC_USD);
            assertEquals(List.of(all.get(0), all.get(2), all.get(3), all.get(4), all.get(7)), btc,
                "the cancel found its instrument in the order projection");
            final List<String> eth = seen(audience, SubscriptionScope.MARKET, CAROL, ETH_USD);
            assertEquals(List.of(all.get(1), all.get(5), all.get(6)), eth);
            assertEquals(List.of(), seen(audience, SubscriptionScope.MARKET, CAROL, 99));
        }
    }

    @Test
    void anEventTheProjectionsHaveNotReachedIsNotYetDecidedAndNoOwnerIsNobodys()
    {
        final Path accountsFile = dir.resolve("accounts.cm");
        final Path ordersFile = dir.resolve("orders.cm");
        final UnsafeBuffer event = new UnsafeBuffer(new byte[128]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        try (AccountProjection accounts = AccountProjection.create(accountsFile, 100);
            OrderProjection orders = OrderProjection.create(ordersFile, 100);
            ExchangeAudience audience = ExchangeAudience.open(accountsFile, ordersFile))
        {
            final int deposited = MessageHeaderEncoder.ENCODED_LENGTH + new DepositedEncoder()
                .wrapAndApplyHeader(event, 0, header).accountId(1).assetId(0).amount(5).accountVersion(2)
                .encodedLength();
            assertEquals(EventAudience.NOT_YET,
                audience.view(SubscriptionScope.OWN, ALICE, 0, 2, event, 0, deposited, view, 0));

            final UnsafeBuffer opened = new UnsafeBuffer(new byte[128]);
            final int openedLength = MessageHeaderEncoder.ENCODED_LENGTH + new AccountOpenedEncoder()
                .wrapAndApplyHeader(opened, 0, header).accountId(1).ownerClientId(ALICE).encodedLength();
            assertEquals(openedLength, audience.view(SubscriptionScope.OWN, ALICE, 0, 1, opened, 0, openedLength,
                view, 0), "an AccountOpened names its owner");
            accounts.onEvent(1, 0, opened, 0, openedLength);
            accounts.onBatchEnd(1);
            assertEquals(deposited, audience.view(SubscriptionScope.OWN, ALICE, 0, 2, event, 0, deposited, view, 0),
                "the owner is known: decided although the checkpoint is behind");
            assertEquals(EventAudience.SKIP,
                audience.view(SubscriptionScope.OWN, BOB, 0, 2, event, 0, deposited, view, 0));

            new DepositedEncoder().wrapAndApplyHeader(event, 0, header).accountId(9).assetId(0).amount(5);
            assertEquals(EventAudience.NOT_YET,
                audience.view(SubscriptionScope.OWN, ALICE, 0, 3, event, 0, deposited, view, 0));
            accounts.onBatchEnd(3);
            assertEquals(EventAudience.SKIP,
                audience.view(SubscriptionScope.OWN, ALICE, 0, 3, event, 0, deposited, view, 0),
                "past the event and still unknown: an account the projection will never hold");

            // An account opened before schema 3 has no owner: nobody's own.
            final UnsafeBuffer noOwner = new UnsafeBuffer(new byte[64]);
            final int noOwnerLength = MessageHeaderEncoder.ENCODED_LENGTH + new AccountOpenedEncoder()
                .wrapAndApplyHeader(noOwner, 0, header).accountId(4).ownerClientId(0).encodedLength();
            accounts.onEvent(4, 0, noOwner, 0, noOwnerLength);
            accounts.onBatchEnd(4);
            assertEquals(EventAudience.SKIP,
                audience.view(SubscriptionScope.OWN, 0, 0, 4, noOwner, 0, noOwnerLength, view, 0));
            new DepositedEncoder().wrapAndApplyHeader(event, 0, header).accountId(4).assetId(0).amount(5);
            assertEquals(EventAudience.SKIP,
                audience.view(SubscriptionScope.OWN, 0, 0, 5, event, 0, deposited, view, 0));

            // A cancel filtered by instrument needs the order's instrument from the order projection.
            final int cancelled = MessageHeaderEncoder.ENCODED_LENGTH + new OrderCancelledEncoder()
                .wrapAndApplyHeader(event, 0, header).orderId(1).accountId(1).remainingQuantity(1).released(1)
                .reservedAsset(1).encodedLength();
            assertEquals(EventAudience.NOT_YET,
                audience.view(SubscriptionScope.MARKET, BOB, BTC_USD, 7, event, 0, cancelled, view, 0));
            assertEquals(cancelled,
                audience.view(SubscriptionScope.MARKET, BOB, 0, 7, event, 0, cancelled, view, 0),
                "every instrument: no need to know which");
            final int accepted = MessageHeaderEncoder.ENCODED_LENGTH + new OrderAcceptedEncoder()
                .wrapAndApplyHeader(opened, 0, header).orderId(1).accountId(1).clientOrderId(3).instrumentId(BTC_USD)
                .side(Side.SELL).timeInForce(TimeInForce.GTC).price(10).quantity(1).reserved(1).reservedAsset(1)
                .encodedLength();
            orders.onEvent(6, 0, opened, 0, accepted);
            orders.onBatchEnd(6);
            assertEquals(cancelled,
                audience.view(SubscriptionScope.MARKET, BOB, BTC_USD, 7, event, 0, cancelled, view, 0));
            assertEquals(EventAudience.SKIP,
                audience.view(SubscriptionScope.MARKET, BOB, ETH_USD, 7, event, 0, cancelled, view, 0));
        }
    }
}
