package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AddInstrumentResultEncoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.AmendOrderResultEncoder;
import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderResultEncoder;
import io.sequent.codecs.exchange.InstrumentAddedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OrderAcceptedEncoder;
import io.sequent.codecs.exchange.OrderAmendedEncoder;
import io.sequent.codecs.exchange.OrderCancelledEncoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.PlaceOrderResultEncoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.TradeExecutedEncoder;
import io.sequent.engine.domain.EventAppender;
import io.sequent.exchange.book.BookSide;
import io.sequent.exchange.book.Instrument;
import io.sequent.exchange.book.Order;
import io.sequent.exchange.book.PriceLevel;

import static io.sequent.exchange.api.ExchangeReasons.*;

/**
 * The order commands' rules, on the {@code handle} side: validates against the current state, walks the book
 * read-only to find the trades an order makes (price-time priority, at the maker's price), and emits the events.
 * It never changes the state; {@link OrderBookKeeper} applies the events.
 * <p>
 * A rejection is a command's last word: once a rule calls {@code events.reject}, it emits nothing more. The engine
 * drops what the command emitted before the rejection (an order accepted, then found to sweep too many makers),
 * but an event claimed after it would be an event for an order that never existed. The command's result is written
 * last, once nothing can reject it any more.
 * <p>
 * Orders are placed, cancelled and amended by the account's owner only ({@link Account#isOwnedBy}): another client
 * is rejected {@code NOT_ACCOUNT_OWNER}, before the version check.
 */
final class OrderRules
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** What {@link #match} returns when it rejected the command. */
    private static final long REJECTED = -1;

    private final int maxFills;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final InstrumentAddedEncoder instrumentAdded = new InstrumentAddedEncoder();
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final TradeExecutedEncoder tradeExecuted = new TradeExecutedEncoder();
    private final OrderCancelledEncoder orderCancelled = new OrderCancelledEncoder();
    private final OrderAmendedEncoder orderAmended = new OrderAmendedEncoder();
    private final AddInstrumentResultEncoder addInstrumentResult = new AddInstrumentResultEncoder();
    private final PlaceOrderResultEncoder placeResult = new PlaceOrderResultEncoder();
    private final CancelOrderResultEncoder cancelResult = new CancelOrderResultEncoder();
    private final AmendOrderResultEncoder amendResult = new AmendOrderResultEncoder();
    /** Trades the last {@link #match} made. */
    private int fills;
    /** Sum of price x quantity over the last {@link #match}'s trades. */
    private long quoteTraded;

    /**
     * @param maxFills trades one command may make at most; a larger sweep is rejected whole, so that a command's
     *                 events always fit the event slot.
     */
    OrderRules(final int maxFills)
    {
        this.maxFills = maxFills;
    }

    void addInstrument(final AddInstrumentDecoder command, final ExchangeState state, final EventAppender events)
    {
        final int instrumentId = command.instrumentId();
        final int base = command.baseAsset();
        final int quote = command.quoteAsset();
        if (state.instrument(instrumentId) != null)
        {
            events.reject(INSTRUMENT_EXISTS);
        }
        else if (!state.isAsset(base) || !state.isAsset(quote) || base == quote ||
            command.priceTick() <= 0 || command.lotSize() <= 0)
        {
            events.reject(INVALID_INSTRUMENT);
        }
        else
        {
            instrumentAdded.wrapAndApplyHeader(events.buffer(),
                events.claim(HEADER + InstrumentAddedEncoder.BLOCK_LENGTH), header)
                .instrumentId(instrumentId)
                .baseAsset(base)
                .quoteAsset(quote)
                .priceTick(command.priceTick())
                .lotSize(command.lotSize());
            addInstrumentResult.wrapAndApplyHeader(events.resultBuffer(),
                events.claimResult(HEADER + AddInstrumentResultEncoder.BLOCK_LENGTH), header)
                .instrumentId(instrumentId);
        }
    }

    void place(final PlaceOrderDecoder command, final ExchangeState state, final EventAppender events)
    {
        final long accountId = command.accountId();
        final Account account = state.account(accountId);
        final Instrument instrument = state.instrument(command.instrumentId());
        final short sideRaw = command.sideRaw();
        final short tifRaw = command.timeInForceRaw();
        final long price = command.price();
        final long quantity = command.quantity();
        if (account == null)
        {
            events.reject(UNKNOWN_ACCOUNT);
            return;
        }
        if (!account.isOwnedBy(events.clientId()))
        {
            events.reject(NOT_ACCOUNT_OWNER);
            return;
        }
        if (!account.isAt(command.expectedVersion()))
        {
            events.reject(VERSION_CONFLICT, account.version);
            return;
        }
        if (instrument == null)
        {
            events.reject(UNKNOWN_INSTRUMENT);
            return;
        }
        if (sideRaw != Side.BUY.value() && sideRaw != Side.SELL.value())
        {
            events.reject(INVALID_SIDE);
            return;
        }
        if (tifRaw != TimeInForce.GTC.value() && tifRaw != TimeInForce.IOC.value())
        {
            events.reject(INVALID_TIME_IN_FORCE);
            return;
        }
        final int reason = checkPriceAndQuantity(instrument, price, quantity);
        if (reason != 0)
        {
            events.reject(reason);
            return;
        }
        if (account.liveClientOrders.containsKey(command.clientOrderId()))
        {
            events.reject(DUPLICATE_CLIENT_ORDER_ID);
            return;
        }
        final boolean buy = sideRaw == Side.BUY.value();
        final long reservation = reservation(buy, price, quantity);
        if (reservation < 0)
        {
            events.reject(ARITHMETIC_OVERFLOW);
            return;
        }
        if (reservation > account.available[buy ? instrument.quoteAsset() : instrument.baseAsset()])
        {
            events.reject(INSUFFICIENT_FUNDS);
            return;
        }

        final long orderId = state.nextOrderId();
        orderAccepted.wrapAndApplyHeader(events.buffer(), events.claim(HEADER + OrderAcceptedEncoder.BLOCK_LENGTH),
            header)
            .orderId(orderId)
            .accountId(accountId)
            .clientOrderId(command.clientOrderId())
            .instrumentId(instrument.id())
            .side(buy ? Side.BUY : Side.SELL)
            .timeInForce(tifRaw == TimeInForce.IOC.value() ? TimeInForce.IOC : TimeInForce.GTC)
            .price(price)
            .quantity(quantity)
            .reserved(reservation)
            .reservedAsset(buy ? instrument.quoteAsset() : instrument.baseAsset());

        final long remaining = match(state, instrument, account, orderId, buy, price, quantity, events);
        if (remaining == REJECTED)
        {
            return; // the rest of an IOC order that was never accepted is not cancelled: the command left no trace
        }
        final boolean restCancelled = remaining > 0 && tifRaw == TimeInForce.IOC.value();
        if (restCancelled)
        {
            cancelled(orderId, accountId, remaining, reservation(buy, price, remaining),
                buy ? instrument.quoteAsset() : instrument.baseAsset(), events);
        }
        // One version for the acceptance, one per trade (each changes the taker's account once), one for the cancel.
        placeResult.wrapAndApplyHeader(events.resultBuffer(),
            events.claimResult(HEADER + PlaceOrderResultEncoder.BLOCK_LENGTH), header)
            .orderId(orderId)
            .accountVersion(account.version + 1 + fills + (restCancelled ? 1 : 0))
            .filledQuantity(quantity - remaining)
            .leavesQuantity(restCancelled ? 0 : remaining)
            .quoteTraded(quoteTraded)
            .fillCount(fills)
            .status(remaining == 0 ? OrderStatus.FILLED : restCancelled ? OrderStatus.CANCELLED : OrderStatus.LIVE);
    }

    void cancel(final CancelOrderDecoder command, final ExchangeState state, final EventAppender events)
    {
        final Order order =
            ownedOrder(command.accountId(), command.orderId(), command.expectedVersion(), state, events);
        if (order != null)
        {
            cancelled(order.orderId(), order.accountId(), order.remaining(), order.reservation(),
                order.reservedAsset(), events);
            cancelResult.wrapAndApplyHeader(events.resultBuffer(),
                events.claimResult(HEADER + CancelOrderResultEncoder.BLOCK_LENGTH), header)
                .orderId(order.orderId())
                .accountVersion(state.account(order.accountId()).version + 1)
                .remainingQuantity(order.remaining())
                .released(order.reservation());
        }
    }

    void amend(final AmendOrderDecoder command, final ExchangeState state, final EventAppender events)
    {
        final Order order =
            ownedOrder(command.accountId(), command.orderId(), command.expectedVersion(), state, events);
        if (order == null)
        {
            return;
        }
        final long newPrice = command.newPrice();
        final long newQuantity = command.newQuantity();
        final int reason = checkPriceAndQuantity(order.instrument(), newPrice, newQuantity);
        if (reason != 0)
        {
            events.reject(reason);
            return;
        }
        final long newReservation = reservation(order.buy(), newPrice, newQuantity);
        if (newReservation < 0)
        {
            events.reject(ARITHMETIC_OVERFLOW);
            return;
        }
        final long delta = newReservation - order.reservation();
        final Account account = state.account(order.accountId());
        if (delta > account.available[order.reservedAsset()])
        {
            events.reject(INSUFFICIENT_FUNDS);
            return;
        }
        // Only a smaller quantity at the same price keeps the order's place in the queue.
        final boolean keepsPriority = newPrice == order.price() && newQuantity <= order.remaining();
        orderAmended.wrapAndApplyHeader(events.buffer(), events.claim(HEADER + OrderAmendedEncoder.BLOCK_LENGTH),
            header)
            .orderId(order.orderId())
            .accountId(order.accountId())
            .newPrice(newPrice)
            .newQuantity(newQuantity)
            .reservedDelta(delta)
            .keepsPriority(keepsPriority ? BooleanType.TRUE : BooleanType.FALSE)
            .reservedAsset(order.reservedAsset());
        long remaining = newQuantity;
        fills = 0;
        quoteTraded = 0;
        if (!keepsPriority)
        {
            remaining = match(state, order.instrument(), account, order.orderId(), order.buy(), newPrice, newQuantity,
                events);
            if (remaining == REJECTED)
            {
                return;
            }
        }
        amendResult.wrapAndApplyHeader(events.resultBuffer(),
            events.claimResult(HEADER + AmendOrderResultEncoder.BLOCK_LENGTH), header)
            .orderId(order.orderId())
            .accountVersion(account.version + 1 + fills)
            .filledQuantity(newQuantity - remaining)
            .leavesQuantity(remaining)
            .quoteTraded(quoteTraded)
            .fillCount(fills)
            .status(remaining == 0 ? OrderStatus.FILLED : OrderStatus.LIVE)
            .keepsPriority(keepsPriority ? BooleanType.TRUE : BooleanType.FALSE);
    }

    /**
     * Walks the opposite side from its best price while the taker's price crosses, emitting one trade per maker
     * order in time priority.
     *
     * @return the taker's quantity left unfilled, or {@link #REJECTED} when it rejected the command (too many
     *         fills, or a balance that would overflow), after which the caller emits nothing more. The trades made
     *         are counted in {@link #fills} and {@link #quoteTraded}.
     */
    private long match(
        final ExchangeState state,
        final Instrument instrument,
        final Account taker,
        final long takerOrderId,
        final boolean takerBuys,
        final long takerPrice,
        final long quantity,
        final EventAppender events)
    {
        final BookSide makers = instrument.side(!takerBuys);
        long remaining = quantity;
        fills = 0;
        quoteTraded = 0;
        long takerReceives = 0;
        for (int i = 0; i < makers.levelCount() && remaining > 0; i++)
        {
            final PriceLevel level = makers.level(i);
            if (!makers.crosses(takerPrice, level))
            {
                break;
            }
            final long price = level.price();
            for (Order maker = level.head(); maker != null && remaining > 0; maker = maker.next())
            {
                if (++fills > maxFills)
                {
                    events.reject(TOO_MANY_FILLS);
                    return REJECTED;
                }
                final long fill = Math.min(remaining, maker.remaining());
                final long value = price * fill;
                final Account makerAccount = state.account(maker.accountId());
                // What each side receives must fit its balance: reject rather than wrap.
                final long makerCredit = takerBuys ? value : fill;
                final long takerCredit = takerBuys ? fill : value;
                takerReceives += takerCredit;
                if (Math.multiplyHigh(price, fill) != 0 || value < 0 || takerReceives < 0 ||
                    makerAccount.available[takerBuys ? instrument.quoteAsset() : instrument.baseAsset()] >
                        Long.MAX_VALUE - makerCredit ||
                    taker.available[takerBuys ? instrument.baseAsset() : instrument.quoteAsset()] >
                        Long.MAX_VALUE - takerReceives)
                {
                    events.reject(ARITHMETIC_OVERFLOW);
                    return REJECTED;
                }
                tradeExecuted.wrapAndApplyHeader(events.buffer(),
                    events.claim(HEADER + TradeExecutedEncoder.BLOCK_LENGTH), header)
                    .instrumentId(instrument.id())
                    .makerOrderId(maker.orderId())
                    .takerOrderId(takerOrderId)
                    .makerAccountId(maker.accountId())
                    .takerAccountId(taker.id)
                    .takerSide(takerBuys ? Side.BUY : Side.SELL)
                    .price(price)
                    .quantity(fill)
                    .buyerRefund(takerBuys ? (takerPrice - price) * fill : 0)
                    .baseAsset(instrument.baseAsset())
                    .quoteAsset(instrument.quoteAsset());
                remaining -= fill;
                // Fits: each value is checked, and their sum is at most the buyer's reservation or the seller's
                // checked proceeds.
                quoteTraded += value;
            }
        }
        return remaining;
    }

    private void cancelled(
        final long orderId, final long accountId, final long remaining, final long released, final int asset,
        final EventAppender events)
    {
        orderCancelled.wrapAndApplyHeader(events.buffer(),
            events.claim(HEADER + OrderCancelledEncoder.BLOCK_LENGTH), header)
            .orderId(orderId)
            .accountId(accountId)
            .remainingQuantity(remaining)
            .released(released)
            .reservedAsset(asset);
    }

    private static Order ownedOrder(
        final long accountId, final long orderId, final long expectedVersion, final ExchangeState state,
        final EventAppender events)
    {
        final Account account = state.account(accountId);
        if (account == null)
        {
            events.reject(UNKNOWN_ACCOUNT);
            return null;
        }
        if (!account.isOwnedBy(events.clientId()))
        {
            events.reject(NOT_ACCOUNT_OWNER);
            return null;
        }
        // Before the order checks: a client whose view of the account is stale learns that first.
        if (!account.isAt(expectedVersion))
        {
            events.reject(VERSION_CONFLICT, account.version);
            return null;
        }
        final Order order = state.order(orderId);
        if (order == null)
        {
            events.reject(UNKNOWN_ORDER);
            return null;
        }
        if (order.accountId() != accountId)
        {
            events.reject(ORDER_NOT_OWNED);
            return null;
        }
        return order;
    }

    private static int checkPriceAndQuantity(final Instrument instrument, final long price, final long quantity)
    {
        if (price <= 0 || price % instrument.priceTick() != 0)
        {
            return INVALID_PRICE;
        }
        if (quantity <= 0 || quantity % instrument.lotSize() != 0)
        {
            return INVALID_QUANTITY;
        }
        return 0;
    }

    /**
     * @return quote (price x quantity) for a buy, base (quantity) for a sell; -1 when it overflows.
     */
    static long reservation(final boolean buy, final long price, final long quantity)
    {
        if (!buy)
        {
            return quantity;
        }
        final long value = price * quantity;
        return Math.multiplyHigh(price, quantity) != 0 || value < 0 ? -1 : value;
    }
}
