package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.exchange.api.ExchangeCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sequent.exchange.api.ExchangeReasons.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every order command rule and reject reason, and the matching, reservation and settlement arithmetic.
 */
class OrderRulesTest
{
    private static final int BTC = 1;
    private static final int USD = 2;
    private static final int MARKET = 7;

    private final DomainFixture fixture = new DomainFixture(new ExchangeDomain(4, 100, 3));
    private final ExchangeState state = fixture.state;
    private final ExchangeCommands commands = fixture.commands;

    @BeforeEach
    void market()
    {
        assertEquals(0, fixture.execute(commands.addInstrument(fixture.command, 0, MARKET, BTC, USD, 5, 10)));
        for (long account = 1; account <= 4; account++)
        {
            assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, account)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, BTC, 1_000)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, USD, 100_000)));
        }
    }

    private int place(
        final long account, final long clientOrderId, final Side side, final TimeInForce tif, final long price,
        final long quantity)
    {
        return fixture.execute(commands.placeOrder(
            fixture.command, 0, account, clientOrderId, MARKET, side, tif, price, quantity));
    }

    private long lastOrderId()
    {
        return state.nextOrderId() - 1;
    }

    @Test
    void addInstrumentRules()
    {
        assertEquals(INSTRUMENT_EXISTS, fixture.execute(commands.addInstrument(fixture.command, 0, MARKET, 0, 3, 1,
            1)));
        assertEquals(INVALID_INSTRUMENT, fixture.execute(commands.addInstrument(fixture.command, 0, 8, 1, 1, 1, 1)));
        assertEquals(INVALID_INSTRUMENT, fixture.execute(commands.addInstrument(fixture.command, 0, 8, 1, 9, 1, 1)));
        assertEquals(INVALID_INSTRUMENT, fixture.execute(commands.addInstrument(fixture.command, 0, 8, 1, 2, 0, 1)));
        assertEquals(INVALID_INSTRUMENT, fixture.execute(commands.addInstrument(fixture.command, 0, 8, 1, 2, 1, -1)));
        assertEquals(1, state.instrumentCount());
    }

    @Test
    void placeRejections()
    {
        assertEquals(UNKNOWN_ACCOUNT, place(9, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        assertEquals(UNKNOWN_INSTRUMENT, fixture.execute(commands.placeOrder(
            fixture.command, 0, 1, 1, 99, Side.BUY, TimeInForce.GTC, 100, 10)));
        assertEquals(INVALID_PRICE, place(1, 1, Side.BUY, TimeInForce.GTC, 0, 10));
        assertEquals(INVALID_PRICE, place(1, 1, Side.BUY, TimeInForce.GTC, 101, 10));
        assertEquals(INVALID_QUANTITY, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 0));
        assertEquals(INVALID_QUANTITY, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 15));
        assertEquals(INSUFFICIENT_FUNDS, place(1, 1, Side.BUY, TimeInForce.GTC, 10_005, 10));
        assertEquals(INSUFFICIENT_FUNDS, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 1_010));
        assertEquals(ARITHMETIC_OVERFLOW, place(1, 1, Side.BUY, TimeInForce.GTC, 5L << 60, 10));

        final int length = commands.placeOrder(fixture.command, 0, 1, 1, MARKET, Side.BUY, TimeInForce.GTC, 100, 10);
        fixture.command.putByte(8 + 8 + 8 + 4, (byte)7);
        assertEquals(INVALID_SIDE, fixture.execute(length));
        commands.placeOrder(fixture.command, 0, 1, 1, MARKET, Side.BUY, TimeInForce.GTC, 100, 10);
        fixture.command.putByte(8 + 8 + 8 + 4 + 1, (byte)7);
        assertEquals(INVALID_TIME_IN_FORCE, fixture.execute(length));

        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        assertEquals(DUPLICATE_CLIENT_ORDER_ID, place(1, 1, Side.SELL, TimeInForce.GTC, 200, 10));
        assertEquals(1, state.orderCount());
    }

    @Test
    void aRestingOrderReservesFunds()
    {
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 30));
        assertEquals(100_000 - 3_000, state.available(1, USD));
        assertEquals(3_000, state.reserved(1, USD));
        assertEquals(0, place(2, 1, Side.SELL, TimeInForce.GTC, 120, 20));
        assertEquals(980, state.available(2, BTC));
        assertEquals(20, state.reserved(2, BTC));
        assertEquals(100, state.bestPrice(MARKET, true));
        assertEquals(120, state.bestPrice(MARKET, false));
    }

    @Test
    void aCrossingOrderTradesAtTheMakersPriceAndTheBuyerIsRefunded()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 60));
        final long maker = lastOrderId();
        assertEquals(0, place(2, 1, Side.BUY, TimeInForce.GTC, 110, 40));
        assertEquals(2, fixture.events.count(), "accepted and one trade");
        assertEquals(20, state.openQuantity(maker));
        assertEquals(0, state.openQuantity(lastOrderId()), "the taker filled and left the book");
        // Buyer paid 40 x 100, not 40 x 110.
        assertEquals(100_000 - 4_000, state.available(2, USD));
        assertEquals(0, state.reserved(2, USD));
        assertEquals(1_040, state.available(2, BTC));
        // Seller received 4,000 and still reserves 20 BTC.
        assertEquals(104_000, state.available(1, USD));
        assertEquals(20, state.reserved(1, BTC));
        assertEquals(940, state.available(1, BTC));
    }

    @Test
    void priceTimePriorityAcrossLevelsAndTheRestOfAGtcOrderRests()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 105, 10));
        final long third = lastOrderId();
        assertEquals(0, place(2, 1, Side.SELL, TimeInForce.GTC, 100, 10));
        final long first = lastOrderId();
        assertEquals(0, place(3, 1, Side.SELL, TimeInForce.GTC, 100, 10));
        final long second = lastOrderId();
        assertEquals(0, place(4, 1, Side.BUY, TimeInForce.GTC, 105, 40));
        assertEquals(0, state.openQuantity(first));
        assertEquals(0, state.openQuantity(second));
        assertEquals(0, state.openQuantity(third));
        assertEquals(10, state.openQuantity(lastOrderId()));
        assertEquals(105, state.bestPrice(MARKET, true));
        assertEquals(0, state.bestPrice(MARKET, false));
        // 10 @100 + 10 @100 + 10 @105 paid, 10 @105 still reserved.
        assertEquals(100_000 - 3_050 - 1_050, state.available(4, USD));
        assertEquals(1_050, state.reserved(4, USD));
    }

    @Test
    void theRestOfAnIocOrderIsCancelledAndReleased()
    {
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        assertEquals(0, place(2, 1, Side.SELL, TimeInForce.IOC, 95, 30));
        assertEquals(3, fixture.events.count(), "accepted, trade, cancelled");
        assertEquals(0, state.orderCount());
        assertEquals(990, state.available(2, BTC));
        assertEquals(0, state.reserved(2, BTC));
        assertEquals(101_000, state.available(2, USD));
        assertEquals(0, place(2, 2, Side.SELL, TimeInForce.IOC, 95, 30));
        assertEquals(2, fixture.events.count(), "accepted, cancelled: nothing to trade with");
        assertEquals(990, state.available(2, BTC));
    }

    @Test
    void cancelRules()
    {
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        final long order = lastOrderId();
        assertEquals(UNKNOWN_ORDER, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, order + 1)));
        assertEquals(ORDER_NOT_OWNED, fixture.execute(commands.cancelOrder(fixture.command, 0, 2, order)));
        assertEquals(UNKNOWN_ACCOUNT, fixture.execute(commands.cancelOrder(fixture.command, 0, 9, order)));
        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, order)));
        assertEquals(100_000, state.available(1, USD));
        assertEquals(0, state.reserved(1, USD));
        assertEquals(UNKNOWN_ORDER, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, order)));
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10), "the client order id is free again");
    }

    @Test
    void aSmallerQuantityKeepsPriorityAPriceChangeOrIncreaseLosesIt()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 20));
        final long a = lastOrderId();
        assertEquals(0, place(2, 1, Side.SELL, TimeInForce.GTC, 100, 20));
        final long b = lastOrderId();

        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, a, 100, 10)));
        assertEquals(10, state.reserved(1, BTC));
        assertEquals(0, place(3, 1, Side.BUY, TimeInForce.IOC, 100, 10));
        assertEquals(0, state.openQuantity(a), "a kept its priority and filled first");
        assertEquals(20, state.openQuantity(b));

        assertEquals(0, place(1, 2, Side.SELL, TimeInForce.GTC, 100, 20));
        final long c = lastOrderId();
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 2, b, 100, 30)));
        assertEquals(30, state.reserved(2, BTC));
        assertEquals(0, place(3, 2, Side.BUY, TimeInForce.IOC, 100, 20));
        assertEquals(0, state.openQuantity(c), "b lost its priority by growing");
        assertEquals(30, state.openQuantity(b));

        assertEquals(INVALID_PRICE, fixture.execute(commands.amendOrder(fixture.command, 0, 2, b, 101, 30)));
        assertEquals(INVALID_QUANTITY, fixture.execute(commands.amendOrder(fixture.command, 0, 2, b, 100, 0)));
        assertEquals(INSUFFICIENT_FUNDS, fixture.execute(commands.amendOrder(fixture.command, 0, 2, b, 100, 1_010)));
        assertEquals(ORDER_NOT_OWNED, fixture.execute(commands.amendOrder(fixture.command, 0, 1, b, 100, 10)));
        assertEquals(UNKNOWN_ORDER, fixture.execute(commands.amendOrder(fixture.command, 0, 2, 999, 100, 10)));
    }

    @Test
    void anAmendThatCrossesTrades()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 110, 10));
        final long ask = lastOrderId();
        assertEquals(0, place(2, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        final long bid = lastOrderId();
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 2, bid, 115, 10)));
        assertEquals(0, state.orderCount());
        assertEquals(0, state.openQuantity(ask));
        assertEquals(100_000 - 1_100, state.available(2, USD), "paid at the ask's price, the rest refunded");
        assertEquals(0, state.reserved(2, USD));
    }

    @Test
    void aSweepPastTheFillLimitIsRejectedWhole()
    {
        for (int i = 1; i <= 4; i++)
        {
            assertEquals(0, place(1, i, Side.SELL, TimeInForce.GTC, 100, 10));
        }
        final long before = fixture.domain.stateHash(state);
        assertEquals(TOO_MANY_FILLS, place(2, 1, Side.BUY, TimeInForce.GTC, 100, 40));
        assertEquals(before, fixture.domain.stateHash(state));
        assertEquals(0, place(2, 1, Side.BUY, TimeInForce.GTC, 100, 30), "three fills are allowed");
    }
}
