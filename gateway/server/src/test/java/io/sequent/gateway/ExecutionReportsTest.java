package io.sequent.gateway;

import io.sequent.client.SequentClientException;
import io.sequent.client.exchange.ExchangeClient;
import io.sequent.client.exchange.ExecType;
import io.sequent.client.exchange.ExecutionReport;
import io.sequent.client.exchange.ExecutionReportListener;
import io.sequent.client.exchange.OrderStatus;
import io.sequent.client.exchange.Side;
import io.sequent.client.exchange.TimeInForce;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Execution reports pushed to an order's owner: its acceptance and each fill as they happen, without asking; the
 * reports of fills that happened while the owner was away when it comes back; never a report of another client's
 * order.
 */
class ExecutionReportsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final int USD = 0;
    private static final int BTC = 1;
    private static final int BTC_USD = 1;
    private static final long SELLER = 1;
    private static final long BUYER = 2;
    private static final long PRICE = 100;

    @TempDir
    Path dir;

    /** What a listener received, copied out of the reused report. */
    record Report(ExecType type, OrderStatus status, long orderId, long clientOrderId, long accountId, int instrument,
        Side side, long lastPrice, long lastQuantity, long leaves, long cumulative, boolean maker, long sequence)
    {
    }

    static final class Recorder implements ExecutionReportListener
    {
        final List<Report> reports = new ArrayList<>();
        SubscriptionCode lastCode;
        SubscriptionReason lastReason;

        @Override
        public void onExecutionReport(final ExecutionReport r)
        {
            reports.add(new Report(r.execType(), r.status(), r.orderId(), r.clientOrderId(), r.accountId(),
                r.instrumentId(), r.side(), r.lastPrice(), r.lastQuantity(), r.leavesQuantity(),
                r.cumulativeQuantity(), r.maker(), r.sequence()));
        }

        @Override
        public void onStatus(
            final SubscriptionCode code, final SubscriptionReason reason, final long position, final String detail)
        {
            lastCode = code;
            lastReason = reason;
        }
    }

    private static ExchangeClient connect(final SequentServer server, final long clientId)
    {
        return ExchangeClient.connect(TestServers.client(server, clientId, null)).timeout(TIMEOUT);
    }

    @Test
    void theOwnerIsToldOfEachFillAsItHappensAndOfTheFillsItMissedWhenItComesBack()
    {
        try (SequentServer server = TestServers.launch(dir))
        {
            final long orderId;
            final Recorder seller = new Recorder();
            try (ExchangeClient sellerClient = connect(server, 1);
                ExchangeClient buyerClient = connect(server, 2))
            {
                sellerClient.addInstrument(BTC_USD, BTC, USD, 10, 1).value();
                sellerClient.openAccount(SELLER).value();
                sellerClient.deposit(SELLER, BTC, 10).value();
                buyerClient.openAccount(BUYER).value();
                buyerClient.deposit(BUYER, USD, 100_000).value();
                sellerClient.executionReports(1, 0, seller);

                orderId = sellerClient.placeOrder(SELLER, BTC_USD, Side.SELL, PRICE, 10, TimeInForce.GTC, 7)
                    .value().orderId();
                final Recorder buyer = new Recorder();
                buyerClient.executionReports(1, 0, buyer);
                final long buyId = buyerClient.placeOrder(BUYER, BTC_USD, Side.BUY, PRICE, 4, TimeInForce.IOC, 8)
                    .value().orderId();

                awaitTrue(sellerClient, () -> seller.reports.size() == 2);
                assertEquals(new Report(ExecType.NEW, OrderStatus.LIVE, orderId, 7, SELLER, BTC_USD, Side.SELL, 0, 0,
                    10, 0, false, seller.reports.get(0).sequence()), seller.reports.get(0));
                assertEquals(new Report(ExecType.TRADE, OrderStatus.LIVE, orderId, 7, SELLER, BTC_USD, Side.SELL,
                    PRICE, 4, 6, 4, true, seller.reports.get(1).sequence()), seller.reports.get(1));

                awaitTrue(buyerClient, () -> buyer.reports.size() == 2);
                assertEquals(new Report(ExecType.NEW, OrderStatus.LIVE, buyId, 8, BUYER, BTC_USD, Side.BUY, 0, 0,
                    4, 0, false, buyer.reports.get(0).sequence()), buyer.reports.get(0));
                assertEquals(new Report(ExecType.TRADE, OrderStatus.FILLED, buyId, 8, BUYER, BTC_USD, Side.BUY,
                    PRICE, 4, 0, 4, false, buyer.reports.get(1).sequence()), buyer.reports.get(1));

                // The seller is away while the rest of its order fills.
                sellerClient.close();
                buyerClient.placeOrder(BUYER, BTC_USD, Side.BUY, PRICE, 6, TimeInForce.GTC, 9).value();
                awaitTrue(buyerClient, () -> buyer.reports.size() == 4);
            }
            assertTrue(seller.reports.stream().allMatch(report -> report.accountId() == SELLER),
                "only the seller's own orders: " + seller.reports);

            // Back, as a new process that remembers nothing: from the start, the whole life of its order.
            final Recorder back = new Recorder();
            try (ExchangeClient sellerClient = connect(server, 1))
            {
                sellerClient.executionReports(1, 0, back);
                awaitTrue(sellerClient, () -> back.reports.size() == 3);
                assertEquals(seller.reports, back.reports.subList(0, 2));
                assertEquals(new Report(ExecType.TRADE, OrderStatus.FILLED, orderId, 7, SELLER, BTC_USD, Side.SELL,
                    PRICE, 6, 0, 10, true, back.reports.get(2).sequence()), back.reports.get(2));

                // From the sequence after the last report it saw: only the missed fill, its quantities not known.
                final Recorder resumed = new Recorder();
                sellerClient.executionReports(seller.reports.get(1).sequence() + 1, 0, resumed);
                awaitTrue(sellerClient, () -> resumed.reports.size() == 1);
                final Report missed = resumed.reports.get(0);
                assertEquals(ExecType.TRADE, missed.type());
                assertEquals(orderId, missed.orderId());
                assertEquals(6, missed.lastQuantity());
                assertEquals(ExecutionReport.UNKNOWN_QUANTITY, missed.leaves());
                assertEquals(back.reports.get(2).sequence(), missed.sequence());

                // A subscription beyond the journal's head is refused with its reason.
                final Recorder beyond = new Recorder();
                sellerClient.executionReports(1_000_000, 0, beyond);
                awaitTrue(sellerClient, () -> beyond.lastCode == SubscriptionCode.REFUSED);
                assertEquals(0, beyond.reports.size());
            }
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
