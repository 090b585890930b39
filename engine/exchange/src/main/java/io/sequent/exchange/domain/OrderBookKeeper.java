package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.InstrumentAddedDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;

/**
 * The order events' effects, on the {@code apply} side: books, orders and the reservations and settlements they
 * imply. The same code runs live, on replay and in a snapshotter, so state is rebuilt exactly.
 * <p>
 * An accepted order enters its book at once, even when it is about to trade: the trades that follow in the same
 * command take its quantity out again, and an IOC order's rest is cancelled, so no book is left crossed.
 */
final class OrderBookKeeper
{
    void instrumentAdded(final InstrumentAddedDecoder event, final ExchangeState state)
    {
        state.addInstrument(new Instrument(event.instrumentId(), event.baseAsset(), event.quoteAsset(),
            event.priceTick(), event.lotSize()));
    }

    void orderAccepted(final OrderAcceptedDecoder event, final ExchangeState state)
    {
        final Account account = state.account(event.accountId());
        final Order order = state.newOrder().init(event.orderId(), account.id, event.clientOrderId(),
            state.instrument(event.instrumentId()), event.side() == Side.BUY, event.timeInForce() == TimeInForce.IOC,
            event.price(), event.quantity());
        state.addOrder(order);
        final int asset = order.reservedAsset();
        account.available[asset] -= event.reserved();
        account.reserved[asset] += event.reserved();
        account.liveClientOrders.put(order.clientOrderId(), order.orderId());
        account.version++;
        order.instrument().side(order.buy()).add(order);
    }

    void tradeExecuted(final TradeExecutedDecoder event, final ExchangeState state)
    {
        final Order maker = state.order(event.makerOrderId());
        final Order taker = state.order(event.takerOrderId());
        final Instrument instrument = maker.instrument();
        final long price = event.price();
        final long quantity = event.quantity();
        final boolean takerBuys = event.takerSide() == Side.BUY;
        final Order buy = takerBuys ? taker : maker;
        final Order sell = takerBuys ? maker : taker;
        final Account buyer = state.account(buy.accountId());
        final Account seller = state.account(sell.accountId());

        // The buyer's reservation was made at its own limit price; what the trade price does not use goes back.
        final int base = instrument.baseAsset();
        final int quote = instrument.quoteAsset();
        buyer.reserved[quote] -= buy.price() * quantity;
        buyer.available[quote] += event.buyerRefund();
        buyer.available[base] += quantity;
        seller.reserved[base] -= quantity;
        seller.available[quote] += price * quantity;
        // One event, one new version per account it changes, even when an account trades with itself.
        buyer.version++;
        if (seller != buyer)
        {
            seller.version++;
        }

        fill(maker, quantity, state);
        fill(taker, quantity, state);
    }

    private static void fill(final Order order, final long quantity, final ExchangeState state)
    {
        order.instrument().side(order.buy()).reduce(order, quantity);
        if (order.remaining() == 0)
        {
            retire(order, state);
        }
    }

    void orderCancelled(final OrderCancelledDecoder event, final ExchangeState state)
    {
        final Order order = state.order(event.orderId());
        final Account account = state.account(order.accountId());
        final int asset = order.reservedAsset();
        account.reserved[asset] -= event.released();
        account.available[asset] += event.released();
        account.version++;
        retire(order, state);
    }

    void orderAmended(final OrderAmendedDecoder event, final ExchangeState state)
    {
        final Order order = state.order(event.orderId());
        final Account account = state.account(order.accountId());
        final int asset = order.reservedAsset();
        account.reserved[asset] += event.reservedDelta();
        account.available[asset] -= event.reservedDelta();
        account.version++;
        final BookSide side = order.instrument().side(order.buy());
        if (event.keepsPriority() == BooleanType.TRUE)
        {
            side.reduce(order, order.remaining() - event.newQuantity());
        }
        else
        {
            side.replace(order, event.newPrice(), event.newQuantity());
        }
    }

    private static void retire(final Order order, final ExchangeState state)
    {
        order.instrument().side(order.buy()).remove(order);
        state.account(order.accountId()).liveClientOrders.remove(order.clientOrderId());
        state.releaseOrder(order);
    }
}
