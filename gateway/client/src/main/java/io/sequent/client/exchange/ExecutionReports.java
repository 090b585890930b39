package io.sequent.client.exchange;

import io.sequent.client.SubscriptionListener;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * Turns the events of an OWN subscription (every event of the client's accounts, as the exchange's audience shows
 * them) into execution reports: one per order event, two for a trade between two of the client's own orders. Keeps,
 * per live order, what the events do not repeat (client order id, instrument, side, price, leaves and cumulative
 * quantity) in primitive maps, dropped when the order ends; nothing is allocated per event.
 */
final class ExecutionReports implements SubscriptionListener
{
    private static final long MISSING = Long.MIN_VALUE;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final ExecutionReportListener listener;
    private final ExecutionReport report = new ExecutionReport();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final TradeExecutedDecoder trade = new TradeExecutedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder amended = new OrderAmendedDecoder();
    private final Long2LongHashMap leaves = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap cumulative = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap clientOrderIds = new Long2LongHashMap(MISSING);
    private final Long2LongHashMap prices = new Long2LongHashMap(MISSING);
    /** The instrument and side of an order, as instrumentId * 2 + side ordinal. */
    private final Long2LongHashMap instrumentSides = new Long2LongHashMap(MISSING);

    ExecutionReports(final ExecutionReportListener listener)
    {
        this.listener = listener;
    }

    @Override
    public void onEvent(
        final long subscriptionId,
        final long sequence,
        final long timestamp,
        final DirectBuffer event,
        final int offset,
        final int length)
    {
        header.wrap(event, offset);
        final int body = offset + HEADER;
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID -> onAccepted(sequence, timestamp, event, body);
            case TradeExecutedDecoder.TEMPLATE_ID -> onTrade(sequence, timestamp, event, body);
            case OrderCancelledDecoder.TEMPLATE_ID -> onCancelled(sequence, timestamp, event, body);
            case OrderAmendedDecoder.TEMPLATE_ID -> onAmended(sequence, timestamp, event, body);
            default ->
            {
                // Account events (opened, deposits, withdrawals) are not about orders.
            }
        }
    }

    @Override
    public void onStatus(
        final long subscriptionId,
        final SubscriptionCode code,
        final SubscriptionReason reason,
        final long position,
        final String detail)
    {
        listener.onStatus(code, reason, position, detail);
    }

    private void onAccepted(final long sequence, final long timestamp, final DirectBuffer event, final int body)
    {
        accepted.wrap(event, body, header.blockLength(), header.version());
        final long orderId = accepted.orderId();
        final Side side = accepted.side() == io.sequent.codecs.exchange.Side.BUY ? Side.BUY : Side.SELL;
        leaves.put(orderId, accepted.quantity());
        cumulative.put(orderId, 0);
        clientOrderIds.put(orderId, accepted.clientOrderId());
        prices.put(orderId, accepted.price());
        instrumentSides.put(orderId, accepted.instrumentId() * 2L + side.ordinal());
        begin(sequence, timestamp, ExecType.NEW, orderId, accepted.accountId());
        report.lastPrice = 0;
        report.lastQuantity = 0;
        finish(OrderStatus.LIVE);
    }

    private void onTrade(final long sequence, final long timestamp, final DirectBuffer event, final int body)
    {
        trade.wrap(event, body, header.blockLength(), header.version());
        // The audience zeroes the account of a side that is not the subscriber's.
        if (trade.makerAccountId() != 0)
        {
            onFill(sequence, timestamp, trade.makerOrderId(), trade.makerAccountId(), true);
        }
        if (trade.takerAccountId() != 0)
        {
            onFill(sequence, timestamp, trade.takerOrderId(), trade.takerAccountId(), false);
        }
    }

    private void onFill(
        final long sequence, final long timestamp, final long orderId, final long accountId, final boolean maker)
    {
        final long quantity = trade.quantity();
        begin(sequence, timestamp, ExecType.TRADE, orderId, accountId);
        report.lastPrice = trade.price();
        report.lastQuantity = quantity;
        report.maker = maker;
        if (report.instrumentId == 0)
        {
            report.instrumentId = trade.instrumentId();
        }
        if (report.side == null)
        {
            final boolean takerBuys = trade.takerSide() == io.sequent.codecs.exchange.Side.BUY;
            report.side = maker == takerBuys ? Side.SELL : Side.BUY;
        }
        final long left = leaves.get(orderId);
        if (left == MISSING)
        {
            report.leavesQuantity = ExecutionReport.UNKNOWN_QUANTITY;
            report.cumulativeQuantity = ExecutionReport.UNKNOWN_QUANTITY;
            report.status = OrderStatus.LIVE;
            listener.onExecutionReport(report);
            return;
        }
        report.leavesQuantity = left - quantity;
        report.cumulativeQuantity = cumulative.get(orderId) + quantity;
        if (report.leavesQuantity == 0)
        {
            forget(orderId);
            report.status = OrderStatus.FILLED;
        }
        else
        {
            leaves.put(orderId, report.leavesQuantity);
            cumulative.put(orderId, report.cumulativeQuantity);
            report.status = OrderStatus.LIVE;
        }
        listener.onExecutionReport(report);
    }

    private void onCancelled(final long sequence, final long timestamp, final DirectBuffer event, final int body)
    {
        cancelled.wrap(event, body, header.blockLength(), header.version());
        final long orderId = cancelled.orderId();
        begin(sequence, timestamp, ExecType.CANCELLED, orderId, cancelled.accountId());
        report.lastPrice = 0;
        report.lastQuantity = cancelled.remainingQuantity();
        report.leavesQuantity = 0;
        forget(orderId);
        report.status = OrderStatus.CANCELLED;
        listener.onExecutionReport(report);
    }

    private void onAmended(final long sequence, final long timestamp, final DirectBuffer event, final int body)
    {
        amended.wrap(event, body, header.blockLength(), header.version());
        final long orderId = amended.orderId();
        final long open = amended.newQuantity();
        leaves.put(orderId, open);
        prices.put(orderId, amended.newPrice());
        begin(sequence, timestamp, ExecType.AMENDED, orderId, amended.accountId());
        report.lastPrice = 0;
        report.lastQuantity = 0;
        finish(OrderStatus.LIVE);
    }

    /**
     * Fills what every report has, from the event and what is known of the order.
     */
    private void begin(
        final long sequence, final long timestamp, final ExecType execType, final long orderId, final long accountId)
    {
        report.sequence = sequence;
        report.timestamp = timestamp;
        report.execType = execType;
        report.orderId = orderId;
        report.accountId = accountId;
        report.maker = false;
        final long clientOrderId = clientOrderIds.get(orderId);
        report.clientOrderId = clientOrderId == MISSING ? 0 : clientOrderId;
        final long price = prices.get(orderId);
        report.price = price == MISSING ? 0 : price;
        final long instrumentSide = instrumentSides.get(orderId);
        report.instrumentId = instrumentSide == MISSING ? 0 : (int)(instrumentSide >> 1);
        report.side = instrumentSide == MISSING ? null : (instrumentSide & 1) == 0 ? Side.BUY : Side.SELL;
        final long cum = cumulative.get(orderId);
        report.cumulativeQuantity = cum == MISSING ? ExecutionReport.UNKNOWN_QUANTITY : cum;
    }

    private void finish(final OrderStatus status)
    {
        final long left = leaves.get(report.orderId);
        report.leavesQuantity = left == MISSING ? ExecutionReport.UNKNOWN_QUANTITY : left;
        report.status = status;
        listener.onExecutionReport(report);
    }

    private void forget(final long orderId)
    {
        leaves.remove(orderId);
        cumulative.remove(orderId);
        clientOrderIds.remove(orderId);
        prices.remove(orderId);
        instrumentSides.remove(orderId);
    }
}
