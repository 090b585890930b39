package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AccountOpenedDecoder;
import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.DepositedDecoder;
import io.sequent.codecs.exchange.InstrumentAddedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.codecs.exchange.WithdrawnDecoder;
import org.agrona.DirectBuffer;

/**
 * The engine's events in the words {@link ReferenceExchange} writes, for comparing the two line by line (here, and
 * in other modules' tests through this module's test-jar).
 */
public final class EventText
{
    private EventText()
    {
    }

    /**
     * @param buffer holding an exchange event, from its SBE header.
     * @param offset where it starts.
     * @return its line.
     */
    public static String of(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        return switch (header.templateId())
        {
            case AccountOpenedDecoder.TEMPLATE_ID ->
                "AccountOpened account=" + new AccountOpenedDecoder().wrap(buffer, body, block, version).accountId();
            case DepositedDecoder.TEMPLATE_ID ->
            {
                final DepositedDecoder d = new DepositedDecoder().wrap(buffer, body, block, version);
                yield "Deposited account=" + d.accountId() + " asset=" + d.assetId() + " amount=" + d.amount();
            }
            case WithdrawnDecoder.TEMPLATE_ID ->
            {
                final WithdrawnDecoder d = new WithdrawnDecoder().wrap(buffer, body, block, version);
                yield "Withdrawn account=" + d.accountId() + " asset=" + d.assetId() + " amount=" + d.amount();
            }
            case InstrumentAddedDecoder.TEMPLATE_ID ->
            {
                final InstrumentAddedDecoder d = new InstrumentAddedDecoder().wrap(buffer, body, block, version);
                yield "InstrumentAdded id=" + d.instrumentId() + " base=" + d.baseAsset() + " quote=" +
                    d.quoteAsset() + " tick=" + d.priceTick() + " lot=" + d.lotSize();
            }
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                final OrderAcceptedDecoder d = new OrderAcceptedDecoder().wrap(buffer, body, block, version);
                yield "OrderAccepted id=" + d.orderId() + " account=" + d.accountId() + " clientOrderId=" +
                    d.clientOrderId() + " instrument=" + d.instrumentId() + " buy=" + (d.side() == Side.BUY) +
                    " ioc=" + (d.timeInForce() == TimeInForce.IOC) + " price=" + d.price() + " quantity=" +
                    d.quantity() + " reserved=" + d.reserved() + " asset=" + d.reservedAsset();
            }
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                final TradeExecutedDecoder d = new TradeExecutedDecoder().wrap(buffer, body, block, version);
                yield "TradeExecuted instrument=" + d.instrumentId() + " maker=" + d.makerOrderId() + " taker=" +
                    d.takerOrderId() + " makerAccount=" + d.makerAccountId() + " takerAccount=" +
                    d.takerAccountId() + " takerBuys=" + (d.takerSide() == Side.BUY) + " price=" + d.price() +
                    " quantity=" + d.quantity() + " refund=" + d.buyerRefund() + " base=" + d.baseAsset() +
                    " quote=" + d.quoteAsset();
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                final OrderCancelledDecoder d = new OrderCancelledDecoder().wrap(buffer, body, block, version);
                yield "OrderCancelled id=" + d.orderId() + " account=" + d.accountId() + " remaining=" +
                    d.remainingQuantity() + " released=" + d.released() + " asset=" + d.reservedAsset();
            }
            case OrderAmendedDecoder.TEMPLATE_ID ->
            {
                final OrderAmendedDecoder d = new OrderAmendedDecoder().wrap(buffer, body, block, version);
                yield "OrderAmended id=" + d.orderId() + " account=" + d.accountId() + " price=" + d.newPrice() +
                    " quantity=" + d.newQuantity() + " delta=" + d.reservedDelta() + " keepsPriority=" +
                    (d.keepsPriority() == BooleanType.TRUE) + " asset=" + d.reservedAsset();
            }
            default -> "Unknown template " + header.templateId();
        };
    }
}
