package io.sequent.gateway;

import io.sequent.client.SequentClientException;
import io.sequent.client.exchange.Accepted;
import io.sequent.client.exchange.AccountOpened;
import io.sequent.client.exchange.Balance;
import io.sequent.client.exchange.BalanceUpdate;
import io.sequent.client.exchange.ExchangeClient;
import io.sequent.client.exchange.ExchangeListener;
import io.sequent.client.exchange.InstrumentAdded;
import io.sequent.client.exchange.OrderAmended;
import io.sequent.client.exchange.OrderCancelled;
import io.sequent.client.exchange.OrderPlaced;
import io.sequent.client.exchange.OrderState;
import io.sequent.client.exchange.OrderStatus;
import io.sequent.client.exchange.Outcome;
import io.sequent.client.exchange.Reject;
import io.sequent.client.exchange.Rejected;
import io.sequent.client.exchange.RejectedException;
import io.sequent.client.exchange.Side;
import io.sequent.client.exchange.TimeInForce;
import io.sequent.client.exchange.TopOfBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ExchangeClient} against a real embedded server over UDP: blocking calls with typed results and typed
 * rejections, futures completed on the polling thread, the zero-allocation listener path, a re-sent command
 * answered with the same typed result, and bad arguments refused before anything is sent.
 */
class ExchangeClientEndToEndTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int USD = 0;
    private static final int BTC = 1;
    private static final int BTC_USD = 1;
    private static final long TICK = 10;

    @TempDir
    Path dir;

    private static ExchangeClient connect(final SequentServer server, final long clientId)
    {
        return connect(server, clientId, null);
    }

    private static ExchangeClient connect(
        final SequentServer server, final long clientId, final ExchangeListener listener)
    {
        return ExchangeClient.connect(TestServers.client(server, clientId, null), listener).timeout(TIMEOUT);
    }

    private static void market(final ExchangeClient exchange)
    {
        assertEquals(new InstrumentAdded(BTC_USD), exchange.addInstrument(BTC_USD, BTC, USD, TICK, 1).value());
        assertEquals(new AccountOpened(1, 1), exchange.openAccount(1).value());
        assertEquals(new AccountOpened(2, 1), exchange.openAccount(2).value());
        assertEquals(new BalanceUpdate(1, USD, 100_000, 2), exchange.deposit(1, USD, 100_000).value());
        assertEquals(new BalanceUpdate(2, BTC, 10, 2), exchange.deposit(2, BTC, 10).value());
    }

    @Test
    void blockingCallsAnswerTypedResultsAndQueriesReadTheClientsOwnWrites()
    {
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = connect(server, TestServers.CLIENT_ID))
        {
            market(exchange);
            final OrderPlaced ask = exchange.placeOrder(2, BTC_USD, Side.SELL, 9_000, 3, TimeInForce.GTC, 11).value();
            assertEquals(OrderStatus.LIVE, ask.status());
            assertEquals(3, ask.leavesQuantity());
            assertEquals(0, ask.fillCount());

            final Outcome<OrderPlaced> bid = exchange.placeOrder(1, BTC_USD, Side.BUY, 9_100, 5, TimeInForce.GTC, 12);
            final Accepted<OrderPlaced> accepted = assertInstanceOf(Accepted.class, bid);
            assertFalse(accepted.duplicate());
            assertTrue(accepted.sequence() > 0);
            assertEquals(new OrderPlaced(ask.orderId() + 1, OrderStatus.LIVE, 3, 2, 1, 27_000, 4), bid.value(),
                "three at the ask's price, two rest");
            final long bidId = bid.value().orderId();

            // Read-your-writes: the queries read at least the sequence of the client's last command.
            assertEquals(Optional.of(new OrderState(bidId, 1, BTC_USD, Side.BUY, OrderStatus.LIVE, 9_100, 3, 2)),
                exchange.order(bidId));
            assertEquals(Optional.of(new OrderState(ask.orderId(), 2, BTC_USD, Side.SELL, OrderStatus.FILLED, 9_000,
                3, 0)), exchange.order(ask.orderId()));
            assertEquals(Optional.of(new TopOfBook(BTC_USD, 9_100, 2, 0, 0)), exchange.topOfBook(BTC_USD));
            assertEquals(List.of(new Balance(1, USD, 100_000 - 27_000 - 18_200, 18_200), new Balance(1, BTC, 3, 0)),
                exchange.balances(1));
            assertEquals(Optional.of(new Balance(2, USD, 27_000, 0)), exchange.balance(2, USD));

            final OrderAmended amended = exchange.amend(1, bidId, 9_100, 1).value();
            assertTrue(amended.keptPriority());
            assertEquals(1, amended.leavesQuantity());
            assertEquals(OrderStatus.LIVE, amended.status());
            assertEquals(new OrderCancelled(bidId, 1, 9_100, amended.accountVersion() + 1),
                exchange.cancel(1, bidId).value());
            assertEquals(new BalanceUpdate(1, USD, 73_000 - 1_000, amended.accountVersion() + 2),
                exchange.withdraw(1, USD, 1_000).value());

            assertEquals(Optional.empty(), exchange.order(9_999));
            assertEquals(Optional.empty(), exchange.topOfBook(77));
            assertEquals(List.of(), exchange.balances(42));
            assertEquals(Optional.empty(), exchange.balance(1, 9));
        }
    }

    @Test
    void rejectionsAreTypedWithTheirReasonAndText()
    {
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = connect(server, TestServers.CLIENT_ID);
            ExchangeClient stranger = connect(server, 2))
        {
            market(exchange);
            assertRejected(Reject.UNKNOWN_INSTRUMENT,
                exchange.placeOrder(1, 99, Side.BUY, 9_000, 1, TimeInForce.GTC, 1));
            assertRejected(Reject.INVALID_PRICE,
                exchange.placeOrder(1, BTC_USD, Side.BUY, 9_005, 1, TimeInForce.GTC, 1), "off the tick of 10");
            assertRejected(Reject.INSUFFICIENT_FUNDS, exchange.withdraw(1, USD, 1_000_000));
            assertRejected(Reject.ACCOUNT_EXISTS, exchange.openAccount(1));
            assertRejected(Reject.UNKNOWN_ORDER, exchange.cancel(1, 12_345));
            assertRejected(Reject.UNKNOWN_ASSET, exchange.deposit(1, 999, 5));
            assertRejected(Reject.NOT_ACCOUNT_OWNER, stranger.deposit(1, USD, 5), "account 1 is client 1's");
            assertRejected(Reject.NOT_ACCOUNT_OWNER,
                stranger.placeOrder(2, BTC_USD, Side.SELL, 9_000, 1, TimeInForce.GTC, 1));

            final RejectedException thrown = assertThrows(RejectedException.class,
                () -> exchange.withdraw(2, BTC, 11).value());
            assertEquals(Reject.INSUFFICIENT_FUNDS, thrown.reject());
            assertTrue(thrown.getMessage().contains("INSUFFICIENT_FUNDS"), thrown.getMessage());
            assertEquals(List.of(new Balance(1, USD, 100_000, 0)), exchange.balances(1), "nothing changed");
        }
    }

    private static void assertRejected(final Reject reason, final Outcome<?> outcome)
    {
        assertRejected(reason, outcome, reason.name());
    }

    private static void assertRejected(final Reject reason, final Outcome<?> outcome, final String message)
    {
        final Rejected<?> rejected = assertInstanceOf(Rejected.class, outcome, message);
        assertFalse(outcome.isAccepted());
        assertSame(reason, rejected.reject(), message);
        assertEquals(reason.code(), rejected.code());
        assertEquals(reason.text(), rejected.text());
    }

    @Test
    void futuresCompleteOnThePollingThreadAndMayChainFurtherCalls()
    {
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = connect(server, TestServers.CLIENT_ID))
        {
            market(exchange);
            final Thread caller = Thread.currentThread();
            final List<CompletableFuture<Outcome<OrderPlaced>>> asks = new ArrayList<>();
            for (int i = 1; i <= 5; i++)
            {
                asks.add(exchange.placeOrderAsync(2, BTC_USD, Side.SELL, 9_000 + 10L * i, 1, TimeInForce.GTC, i));
            }
            final List<Thread> completedOn = new ArrayList<>();
            // A call chained on a future runs on the polling thread, after Aeron's poll: it may send again.
            final CompletableFuture<Outcome<OrderPlaced>> sweep = asks.get(4).thenCompose(last ->
            {
                completedOn.add(Thread.currentThread());
                return exchange.placeOrderAsync(1, BTC_USD, Side.BUY, 9_050, 10, TimeInForce.IOC, 100);
            });
            awaitTrue(exchange, sweep::isDone);
            assertEquals(List.of(caller), completedOn);
            for (int i = 0; i < asks.size(); i++)
            {
                final OrderPlaced ask = asks.get(i).join().value();
                assertEquals(OrderStatus.LIVE, ask.status());
                if (i > 0)
                {
                    assertEquals(asks.get(i - 1).join().value().orderId() + 1, ask.orderId(), "in the order sent");
                }
            }
            assertEquals(new OrderPlaced(asks.get(4).join().value().orderId() + 1, OrderStatus.CANCELLED, 5, 0, 5,
                9_010 + 9_020 + 9_030 + 9_040 + 9_050, 9), sweep.join().value(),
                "five asks swept at their prices, the rest of the IOC cancelled");

            final CompletableFuture<List<Balance>> balances = exchange.balancesAsync(1);
            assertFalse(balances.isDone(), "completed by a poll, never before");
            awaitTrue(exchange, balances::isDone);
            assertEquals(new Balance(1, BTC, 5, 0), balances.join().get(1));
            assertEquals(0, exchange.pendingCalls());
        }
    }

    @Test
    void theListenerPathAndAResentCommandGetTheSameTypedResult()
    {
        final List<String> heard = new ArrayList<>();
        final ExchangeListener listener = new ExchangeListener()
        {
            @Override
            public void onOrderPlaced(
                final long correlationId, final long sequence, final boolean duplicate, final long orderId,
                final OrderStatus status, final long filledQuantity, final long leavesQuantity, final int fillCount,
                final long quoteTraded, final long accountVersion)
            {
                heard.add(correlationId + " " + sequence + " " + duplicate + " " + new OrderPlaced(orderId, status,
                    filledQuantity, leavesQuantity, fillCount, quoteTraded, accountVersion));
            }

            @Override
            public void onRejected(
                final long correlationId, final long sequence, final boolean duplicate, final Reject reject,
                final int code, final long detail)
            {
                heard.add(correlationId + " " + sequence + " " + duplicate + " " + reject);
            }
        };
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = connect(server, TestServers.CLIENT_ID, listener))
        {
            market(exchange);
            assertTrue(exchange.placeOrder(2, BTC_USD, Side.SELL, 9_000, 4, TimeInForce.GTC, 1).isAccepted());
            final long buy = exchange.nextCorrelationId();
            offer(exchange, () -> exchange.offerPlaceOrder(buy, 1, BTC_USD, Side.BUY, 9_000, 1, TimeInForce.GTC, 7));
            awaitTrue(exchange, () -> heard.size() == 1);
            final long rejected = exchange.nextCorrelationId();
            offer(exchange, () -> exchange.offerPlaceOrder(rejected, 1, 99, Side.BUY, 9_000, 1, TimeInForce.GTC, 8));
            awaitTrue(exchange, () -> heard.size() == 2);

            // The same correlation ids again: the server answers from its ledger, the same typed answer, duplicate.
            offer(exchange, () -> exchange.offerPlaceOrder(buy, 1, BTC_USD, Side.BUY, 9_000, 1, TimeInForce.GTC, 7));
            offer(exchange, () -> exchange.offerPlaceOrder(rejected, 1, 99, Side.BUY, 9_000, 1, TimeInForce.GTC, 8));
            awaitTrue(exchange, () -> heard.size() == 4);
            assertEquals(heard.get(0).replace(" false ", " true "), heard.get(2), "the first outcome again");
            assertEquals(heard.get(1).replace(" false ", " true "), heard.get(3));
            assertTrue(heard.get(0).contains(" false OrderPlaced[") && heard.get(0).contains("FILLED"), heard.get(0));
            assertTrue(heard.get(1).endsWith(" false UNKNOWN_INSTRUMENT"), heard.get(1));
            assertEquals(List.of(new Balance(1, USD, 100_000 - 9_000, 0), new Balance(1, BTC, 1, 0)),
                exchange.balances(1), "applied once");
        }
    }

    @Test
    void badArgumentsFailBeforeAnythingIsSent()
    {
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = connect(server, TestServers.CLIENT_ID))
        {
            market(exchange);
            final long received = server.counters().commandsReceived().get();
            final List<Runnable> bad = List.of(
                () -> exchange.openAccount(0),
                () -> exchange.openAccount(-3),
                () -> exchange.deposit(1, USD, 0),
                () -> exchange.deposit(1, USD, -5),
                () -> exchange.deposit(1, -1, 5),
                () -> exchange.withdraw(0, USD, 5),
                () -> exchange.addInstrument(2, BTC, BTC, 1, 1),
                () -> exchange.addInstrument(2, BTC, USD, 0, 1),
                () -> exchange.addInstrument(2, BTC, USD, 1, -1),
                () -> exchange.placeOrder(1, BTC_USD, Side.BUY, 9_000, -1, TimeInForce.GTC, 1),
                () -> exchange.placeOrder(1, BTC_USD, Side.BUY, 9_000, 0, TimeInForce.GTC, 1),
                () -> exchange.placeOrder(1, BTC_USD, Side.BUY, 0, 1, TimeInForce.GTC, 1),
                () -> exchange.placeOrder(1, BTC_USD, null, 9_000, 1, TimeInForce.GTC, 1),
                () -> exchange.placeOrder(1, BTC_USD, Side.BUY, 9_000, 1, null, 1),
                () -> exchange.placeOrderAsync(1, BTC_USD, Side.SELL, -9_000, 1, TimeInForce.IOC, 1),
                () -> exchange.offerPlaceOrder(1, 1, BTC_USD, Side.SELL, 9_000, 0, TimeInForce.IOC, 1),
                () -> exchange.cancel(1, 0),
                () -> exchange.amend(1, 5, 9_000, 0),
                () -> exchange.amend(1, 5, -1, 1),
                () -> exchange.order(0),
                () -> exchange.balances(0));
            for (final Runnable call : bad)
            {
                assertThrows(IllegalArgumentException.class, call::run);
            }
            assertEquals(0, exchange.pendingCalls());
            assertEquals(0, exchange.sequentClient().inFlight());
            assertTrue(exchange.openAccount(3).isAccepted(), "the client carries on");
            assertEquals(received + 1, server.counters().commandsReceived().get(), "none of the bad calls was sent");

            assertThrows(IllegalArgumentException.class, () -> ExchangeClient.connect(
                TestServers.client(server, 2, (id, sequence, timestamp, reason, detail, duplicate) -> { })),
                "the exchange client takes the session's listeners itself");
        }
    }

    @Test
    void closingFailsWhatIsStillPendingAndLaterCallsFail()
    {
        try (SequentServer server = TestServers.launch(dir))
        {
            final ExchangeClient exchange = connect(server, TestServers.CLIENT_ID);
            assertTrue(exchange.openAccount(1).isAccepted());
            final CompletableFuture<Optional<OrderState>> query = exchange.orderAsync(1);
            final CompletableFuture<Outcome<BalanceUpdate>> deposit = exchange.depositAsync(1, USD, 5);
            assertEquals(2, exchange.pendingCalls());
            exchange.close();
            for (final CompletableFuture<?> future : List.of(query, deposit))
            {
                assertTrue(future.isCompletedExceptionally(), "failed by close, never polled");
                final Throwable cause = assertThrows(java.util.concurrent.CompletionException.class, future::join)
                    .getCause();
                assertInstanceOf(SequentClientException.class, cause);
            }
            assertThrows(SequentClientException.class, () -> exchange.deposit(1, USD, 5));
        }
    }

    private static void offer(final ExchangeClient exchange, final java.util.function.LongSupplier offer)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (offer.getAsLong() < 0)
        {
            assertTrue(System.nanoTime() < deadline, "sent in time");
            exchange.poll();
        }
    }

    private static void awaitTrue(final ExchangeClient exchange, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new SequentClientException("condition not met in time");
            }
            if (exchange.poll() == 0)
            {
                Thread.yield();
            }
        }
    }
}
