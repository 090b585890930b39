package io.sequent.gateway;

import io.sequent.client.exchange.ExchangeClient;
import io.sequent.client.exchange.OrderAmended;
import io.sequent.client.exchange.OrderCancelled;
import io.sequent.client.exchange.OrderPlaced;
import io.sequent.client.exchange.OrderState;
import io.sequent.client.exchange.OrderStatus;
import io.sequent.client.exchange.Outcome;
import io.sequent.client.exchange.Rejected;
import io.sequent.client.exchange.Side;
import io.sequent.client.exchange.TimeInForce;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.domain.ReferenceExchange;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives a real server through {@link ExchangeClient} alone, a seeded stream of typed commands (orders that rest,
 * cross and sweep, IOC orders, cancels, amends, transfers, some invalid), and checks every outcome against the slow
 * reference exchange fed the same commands: every rejection's reason, and for every accepted order command its id
 * and every fill (count, quantity and value at the makers' prices, from the reference's trades), its status and
 * what rests; then every balance and every order the server's read models hold. Commands are pipelined through
 * futures, a window at a time, as a trading client would.
 */
class ExchangeClientModelTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int COMMANDS = 3_000;
    private static final int WINDOW = 32;
    private static final int ACCOUNTS = 6;
    private static final int ASSETS = 3;
    private static final int[] INSTRUMENTS = { 1, 2 };
    private static final int[] BASES = { 1, 2 };
    private static final long[] TICKS = { 1, 5 };
    private static final long[] LOTS = { 1, 2 };
    private static final Pattern TRADE = Pattern.compile("TradeExecuted .* price=(\\d+) quantity=(\\d+) ");
    private static final Pattern ACCEPTED = Pattern.compile("OrderAccepted id=(\\d+) ");
    private static final Pattern CANCELLED = Pattern.compile("OrderCancelled id=\\d+ account=\\d+ remaining=(\\d+) " +
        "released=(\\d+) ");
    private static final Pattern AMENDED = Pattern.compile("OrderAmended .* keepsPriority=(true|false) ");

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(20261124);
    private final ReferenceExchange reference =
        new ReferenceExchange(ExchangeState.DEFAULT_MAX_ASSETS, ExchangeDomain.DEFAULT_MAX_FILLS);
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final List<Long> orderIds = new ArrayList<>();
    private final List<Long> orderAccounts = new ArrayList<>();
    private final ArrayDeque<CompletableFuture<?>> window = new ArrayDeque<>();
    private long nextClientOrderId = 1;
    private int trades;
    private int rejections;

    @Test
    void everyOutcomeAndFillAgreesWithTheReferenceExchange()
    {
        try (SequentServer server = TestServers.launch(dir);
            ExchangeClient exchange = ExchangeClient.connect(TestServers.client(server, TestServers.CLIENT_ID, null))
                .timeout(TIMEOUT))
        {
            for (int i = 0; i < INSTRUMENTS.length; i++)
            {
                expect(exchange.addInstrumentAsync(INSTRUMENTS[i], BASES[i], 0, TICKS[i], LOTS[i]),
                    reference(commands.addInstrument(buffer, 0, INSTRUMENTS[i], BASES[i], 0, TICKS[i], LOTS[i])),
                    value -> { }, exchange);
            }
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                expect(exchange.openAccountAsync(account), reference(commands.openAccount(buffer, 0, account)),
                    value -> assertEquals(1, value.accountVersion()), exchange);
                for (int asset = 0; asset < ASSETS; asset++)
                {
                    deposit(exchange, account, asset, 1_000_000);
                }
            }
            for (int i = 0; i < COMMANDS; i++)
            {
                next(exchange);
            }
            drain(exchange);
            assertTrue(trades > COMMANDS / 10, "the stream trades: " + trades);
            assertTrue(rejections > 0 && rejections < COMMANDS / 2, "some, not most, rejected: " + rejections);

            for (long account = 1; account <= ACCOUNTS; account++)
            {
                for (int asset = 0; asset < ASSETS; asset++)
                {
                    assertEquals(reference.available(account, asset), exchange.balance(account, asset)
                        .orElseThrow().available(), "available " + account + "/" + asset);
                    assertEquals(reference.reserved(account, asset), exchange.balance(account, asset)
                        .orElseThrow().reserved(), "reserved " + account + "/" + asset);
                }
            }
            for (final long orderId : orderIds)
            {
                final OrderState order = exchange.order(orderId).orElseThrow();
                assertEquals(reference.openQuantity(orderId), order.status() == OrderStatus.LIVE ?
                    order.leavesQuantity() : 0, "order " + orderId);
            }
        }
    }

    private void next(final ExchangeClient exchange)
    {
        final long account = 1 + random.nextInt(ACCOUNTS);
        final int roll = random.nextInt(100);
        if (roll < 50 || orderIds.isEmpty())
        {
            place(exchange, account);
        }
        else if (roll < 70)
        {
            final int order = recentOrder();
            final long orderId = orderIds.get(order);
            final long owner = ownerMostly(order, account);
            final List<String> lines = reference(commands.cancelOrder(buffer, 0, owner, orderId));
            expect(exchange.cancelAsync(owner, orderId), lines, value -> checkCancel(value, lines), exchange);
        }
        else if (roll < 92)
        {
            final int order = recentOrder();
            final long orderId = orderIds.get(order);
            final long owner = ownerMostly(order, account);
            final long price = 900 + 5L * random.nextInt(40);
            final long quantity = 2L * (1 + random.nextInt(10));
            final List<String> lines = reference(commands.amendOrder(buffer, 0, owner, orderId, price, quantity));
            final long open = reference.openQuantity(orderId);
            expect(exchange.amendAsync(owner, orderId, price, quantity), lines,
                value -> checkAmend(value, quantity, open, lines), exchange);
        }
        else if (roll < 96)
        {
            deposit(exchange, account, random.nextInt(ASSETS), 1 + random.nextInt(10_000));
        }
        else
        {
            final int asset = random.nextInt(ASSETS);
            final long amount = 1 + random.nextInt(2_000_000);
            final List<String> lines = reference(commands.withdraw(buffer, 0, account, asset, amount));
            final long available = reference.available(account, asset);
            expect(exchange.withdrawAsync(account, asset, amount), lines,
                value -> assertEquals(available, value.available()), exchange);
        }
    }

    private void place(final ExchangeClient exchange, final long account)
    {
        final int market = random.nextInt(INSTRUMENTS.length);
        final int instrument = random.nextInt(50) == 0 ? 9 : INSTRUMENTS[market];
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final TimeInForce tif = random.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
        // Around 1,000 on both sides, so that orders cross; now and then off the tick or the lot.
        final long price = random.nextInt(30) == 0 ? 1_001 : 900 + 5L * random.nextInt(40);
        final long quantity = random.nextInt(30) == 0 ? 3 : 2L * (1 + random.nextInt(tif == TimeInForce.IOC ? 30 : 10));
        final long clientOrderId = nextClientOrderId++;
        final List<String> lines = reference(commands.placeOrder(buffer, 0, account, clientOrderId, instrument,
            side == Side.BUY ? io.sequent.codecs.exchange.Side.BUY : io.sequent.codecs.exchange.Side.SELL,
            tif == TimeInForce.GTC ? io.sequent.codecs.exchange.TimeInForce.GTC :
                io.sequent.codecs.exchange.TimeInForce.IOC, price, quantity));
        // What rests once the command is applied: the reference moves on before the outcome comes.
        final Matcher accepted = ACCEPTED.matcher(lines.get(0));
        final long open = accepted.find() ? reference.openQuantity(Long.parseLong(accepted.group(1))) : 0;
        expect(exchange.placeOrderAsync(account, instrument, side, price, quantity, tif, clientOrderId), lines,
            value -> checkPlace(value, account, quantity, open, lines), exchange);
    }

    private void deposit(final ExchangeClient exchange, final long account, final int asset, final long amount)
    {
        final List<String> lines = reference(commands.deposit(buffer, 0, account, asset, amount));
        final long available = reference.available(account, asset);
        expect(exchange.depositAsync(account, asset, amount), lines,
            value -> assertEquals(available, value.available()), exchange);
    }

    /**
     * @return the index of one of the last orders placed.
     */
    private int recentOrder()
    {
        return Math.max(0, orderIds.size() - 1 - random.nextInt(Math.min(orderIds.size(), 40)));
    }

    /**
     * @return the order's own account nine times in ten, else another (ORDER_NOT_OWNED, unless it is the same).
     */
    private long ownerMostly(final int order, final long randomAccount)
    {
        return random.nextInt(10) == 0 ? randomAccount : orderAccounts.get(order);
    }

    private List<String> reference(final int length)
    {
        return reference.execute(buffer, 0, length);
    }

    /**
     * Checks the outcome against the reference's lines when it comes, keeping at most {@link #WINDOW} in flight.
     */
    private <T> void expect(
        final CompletableFuture<Outcome<T>> future, final List<String> lines, final Consumer<T> check,
        final ExchangeClient exchange)
    {
        final String command = lines.toString();
        window.add(future.thenAccept(outcome ->
        {
            if (lines.get(0).startsWith("REJECT "))
            {
                final Rejected<?> rejected = assertInstanceOf(Rejected.class, outcome, command);
                assertEquals(Integer.parseInt(lines.get(0).substring(7)), rejected.code(), command);
                rejections++;
            }
            else
            {
                assertTrue(outcome.isAccepted(), command + " was " + outcome);
                check.accept(outcome.value());
            }
        }));
        while (window.size() > WINDOW)
        {
            awaitOldest(exchange);
        }
    }

    private void drain(final ExchangeClient exchange)
    {
        while (!window.isEmpty())
        {
            awaitOldest(exchange);
        }
    }

    private void awaitOldest(final ExchangeClient exchange)
    {
        final CompletableFuture<?> oldest = window.peek();
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!oldest.isDone())
        {
            assertTrue(System.nanoTime() < deadline, "an outcome in time");
            if (exchange.poll() == 0)
            {
                Thread.yield();
            }
        }
        oldest.join(); // rethrows a failed check
        window.poll();
    }

    /** The fills of one command, from the reference's trade lines. */
    private record Fills(int count, long quantity, long value)
    {
        static Fills of(final List<String> lines)
        {
            int count = 0;
            long quantity = 0;
            long value = 0;
            for (final String line : lines)
            {
                final Matcher trade = TRADE.matcher(line);
                if (trade.find())
                {
                    count++;
                    quantity += Long.parseLong(trade.group(2));
                    value += Long.parseLong(trade.group(1)) * Long.parseLong(trade.group(2));
                }
            }
            return new Fills(count, quantity, value);
        }
    }

    private void checkPlace(
        final OrderPlaced placed, final long account, final long quantity, final long open, final List<String> lines)
    {
        final Matcher accepted = ACCEPTED.matcher(lines.get(0));
        assertTrue(accepted.find(), lines.get(0));
        assertEquals(Long.parseLong(accepted.group(1)), placed.orderId(), lines.toString());
        orderIds.add(placed.orderId());
        orderAccounts.add(account);
        final Fills fills = Fills.of(lines);
        trades += fills.count();
        assertEquals(fills, new Fills(placed.fillCount(), placed.filledQuantity(), placed.quoteTraded()),
            "every fill of " + lines);
        final boolean restCancelled = lines.get(lines.size() - 1).startsWith("OrderCancelled");
        final long left = quantity - fills.quantity();
        assertEquals(restCancelled ? OrderStatus.CANCELLED : left == 0 ? OrderStatus.FILLED : OrderStatus.LIVE,
            placed.status(), lines.toString());
        assertEquals(restCancelled ? 0 : left, placed.leavesQuantity());
        assertEquals(open, placed.leavesQuantity());
    }

    private static void checkCancel(final OrderCancelled cancelled, final List<String> lines)
    {
        final Matcher line = CANCELLED.matcher(lines.get(0));
        assertTrue(line.find(), lines.get(0));
        assertEquals(Long.parseLong(line.group(1)), cancelled.remainingQuantity());
        assertEquals(Long.parseLong(line.group(2)), cancelled.released());
    }

    private void checkAmend(
        final OrderAmended amended, final long quantity, final long open, final List<String> lines)
    {
        final Matcher line = AMENDED.matcher(lines.get(0));
        assertTrue(line.find(), lines.get(0));
        assertEquals(Boolean.parseBoolean(line.group(1)), amended.keptPriority());
        final Fills fills = Fills.of(lines);
        trades += fills.count();
        assertEquals(fills, new Fills(amended.fillCount(), amended.filledQuantity(), amended.quoteTraded()),
            "every fill of " + lines);
        assertEquals(quantity - fills.quantity(), amended.leavesQuantity());
        assertEquals(amended.leavesQuantity() == 0 ? OrderStatus.FILLED : OrderStatus.LIVE, amended.status());
        assertEquals(open, amended.leavesQuantity());
        assertFalse(amended.keptPriority() && fills.count() > 0, "an order that kept its place did not trade");
    }
}
