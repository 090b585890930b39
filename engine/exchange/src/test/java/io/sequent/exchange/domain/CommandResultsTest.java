package io.sequent.exchange.domain;

import io.sequent.codecs.exchange.AddInstrumentResultDecoder;
import io.sequent.codecs.exchange.AddInstrumentResultEncoder;
import io.sequent.codecs.exchange.AmendOrderResultDecoder;
import io.sequent.codecs.exchange.AmendOrderResultEncoder;
import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.CancelOrderResultDecoder;
import io.sequent.codecs.exchange.CancelOrderResultEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountResultDecoder;
import io.sequent.codecs.exchange.OpenAccountResultEncoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.PlaceOrderResultDecoder;
import io.sequent.codecs.exchange.PlaceOrderResultEncoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.codecs.exchange.TransferResultDecoder;
import io.sequent.codecs.exchange.TransferResultEncoder;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.sequent.exchange.api.ExchangeReasons.INSUFFICIENT_FUNDS;
import static io.sequent.exchange.api.ExchangeReasons.TOO_MANY_FILLS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every accepted command's result (exchange schema 3): what it holds agrees with the state once the command's events
 * are applied (balances, versions, open quantities), and a rejected command has none.
 */
class CommandResultsTest
{
    private static final int BTC = 1;
    private static final int USD = 2;
    private static final int MARKET = 7;
    private static final long CLIENT = 5;

    private final DomainFixture fixture = new DomainFixture(new ExchangeDomain(4, 100, 3)).asClient(CLIENT);
    private final ExchangeState state = fixture.state;
    private final ExchangeCommands commands = fixture.commands;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    @BeforeEach
    void market()
    {
        assertEquals(0, fixture.execute(commands.addInstrument(fixture.command, 0, MARKET, BTC, USD, 1, 1)));
        for (long account = 1; account <= 3; account++)
        {
            assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, account)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, BTC, 1_000)));
            assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, account, USD, 100_000)));
        }
    }

    private int place(final long account, final long clientOrderId, final Side side, final TimeInForce tif,
        final long price, final long quantity)
    {
        return fixture.execute(commands.placeOrder(
            fixture.command, 0, account, clientOrderId, MARKET, side, tif, price, quantity));
    }

    private int resultTemplate()
    {
        assertTrue(fixture.events.resultLength() >= MessageHeaderDecoder.ENCODED_LENGTH, "a result");
        header.wrap(fixture.events.resultBuffer(), 0);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength(), fixture.events.resultLength());
        return header.templateId();
    }

    private PlaceOrderResultDecoder placed()
    {
        assertEquals(PlaceOrderResultDecoder.TEMPLATE_ID, resultTemplate());
        return new PlaceOrderResultDecoder().wrap(fixture.events.resultBuffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    private AmendOrderResultDecoder amended()
    {
        assertEquals(AmendOrderResultDecoder.TEMPLATE_ID, resultTemplate());
        return new AmendOrderResultDecoder().wrap(fixture.events.resultBuffer(), MessageHeaderDecoder.ENCODED_LENGTH,
            header.blockLength(), header.version());
    }

    @Test
    void everyResultFitsTheLongestACommandMayHave()
    {
        for (final int block : new int[] { OpenAccountResultEncoder.BLOCK_LENGTH, TransferResultEncoder.BLOCK_LENGTH,
            AddInstrumentResultEncoder.BLOCK_LENGTH, PlaceOrderResultEncoder.BLOCK_LENGTH,
            CancelOrderResultEncoder.BLOCK_LENGTH, AmendOrderResultEncoder.BLOCK_LENGTH })
        {
            assertTrue(MessageHeaderDecoder.ENCODED_LENGTH + block <= EventAppender.RESULT_MAX_LENGTH, "" + block);
        }
    }

    @Test
    void openAccountAddInstrumentAndTransfersAnswerWhatTheyChanged()
    {
        assertEquals(0, fixture.execute(commands.openAccount(fixture.command, 0, 9)));
        assertEquals(OpenAccountResultDecoder.TEMPLATE_ID, resultTemplate());
        final OpenAccountResultDecoder opened = new OpenAccountResultDecoder().wrap(fixture.events.resultBuffer(),
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(9, opened.accountId());
        assertEquals(1, opened.accountVersion());
        assertEquals(state.version(9), opened.accountVersion());

        assertEquals(0, fixture.execute(commands.deposit(fixture.command, 0, 9, USD, 500)));
        assertEquals(TransferResultDecoder.TEMPLATE_ID, resultTemplate());
        final TransferResultDecoder transfer = new TransferResultDecoder().wrap(fixture.events.resultBuffer(),
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(9, transfer.accountId());
        assertEquals(USD, transfer.assetId());
        assertEquals(500, transfer.available());
        assertEquals(2, transfer.accountVersion());

        assertEquals(0, fixture.execute(commands.withdraw(fixture.command, 0, 9, USD, 200)));
        assertEquals(TransferResultDecoder.TEMPLATE_ID, resultTemplate());
        transfer.wrap(fixture.events.resultBuffer(), MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        assertEquals(300, transfer.available());
        assertEquals(state.available(9, USD), transfer.available());
        assertEquals(state.version(9), transfer.accountVersion());
        assertEquals(3, transfer.accountVersion());

        assertEquals(0, fixture.execute(commands.addInstrument(fixture.command, 0, 8, BTC, 0, 1, 1)));
        assertEquals(AddInstrumentResultDecoder.TEMPLATE_ID, resultTemplate());
        assertEquals(8, new AddInstrumentResultDecoder().wrap(fixture.events.resultBuffer(),
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version()).instrumentId());
    }

    @Test
    void anOrderThatRestsIsLiveWithNothingFilled()
    {
        assertEquals(0, place(1, 11, Side.BUY, TimeInForce.GTC, 100, 10));
        final PlaceOrderResultDecoder result = placed();
        assertEquals(state.nextOrderId() - 1, result.orderId());
        assertEquals(OrderStatus.LIVE, result.status());
        assertEquals(0, result.filledQuantity());
        assertEquals(10, result.leavesQuantity());
        assertEquals(state.openQuantity(result.orderId()), result.leavesQuantity());
        assertEquals(0, result.fillCount());
        assertEquals(0, result.quoteTraded());
        assertEquals(state.version(1), result.accountVersion());
    }

    @Test
    void aCrossingOrderReportsItsFillsAtTheMakersPrices()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 10));
        assertEquals(0, place(1, 2, Side.SELL, TimeInForce.GTC, 101, 10));
        assertEquals(0, place(2, 1, Side.BUY, TimeInForce.GTC, 105, 15));
        final PlaceOrderResultDecoder result = placed();
        assertEquals(OrderStatus.FILLED, result.status());
        assertEquals(15, result.filledQuantity());
        assertEquals(0, result.leavesQuantity());
        assertEquals(2, result.fillCount());
        assertEquals(100 * 10 + 101 * 5, result.quoteTraded());
        assertEquals(state.version(2), result.accountVersion());
        assertEquals(0, state.openQuantity(result.orderId()), "filled: not live");
    }

    @Test
    void aPartlyFilledGtcRestsAndTheRestOfAnIocIsCancelled()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 10));
        assertEquals(0, place(2, 1, Side.BUY, TimeInForce.GTC, 100, 25));
        PlaceOrderResultDecoder result = placed();
        assertEquals(OrderStatus.LIVE, result.status());
        assertEquals(10, result.filledQuantity());
        assertEquals(15, result.leavesQuantity());
        assertEquals(state.openQuantity(result.orderId()), result.leavesQuantity());
        assertEquals(1, result.fillCount());
        assertEquals(state.version(2), result.accountVersion());

        assertEquals(0, place(1, 2, Side.SELL, TimeInForce.IOC, 100, 20));
        result = placed();
        assertEquals(OrderStatus.CANCELLED, result.status());
        assertEquals(15, result.filledQuantity());
        assertEquals(0, result.leavesQuantity(), "nothing of an IOC rests");
        assertEquals(1_500, result.quoteTraded());
        assertEquals(state.version(1), result.accountVersion(), "accepted, traded and cancelled: three versions");

        assertEquals(0, place(3, 1, Side.SELL, TimeInForce.IOC, 100, 5));
        result = placed();
        assertEquals(OrderStatus.CANCELLED, result.status(), "nothing to trade with");
        assertEquals(0, result.filledQuantity());
        assertEquals(0, result.fillCount());
    }

    @Test
    void anOrderThatTradesWithItsOwnAccountCountsOneVersionPerTrade()
    {
        assertEquals(0, place(1, 1, Side.SELL, TimeInForce.GTC, 100, 10));
        assertEquals(0, place(1, 2, Side.BUY, TimeInForce.GTC, 100, 4));
        final PlaceOrderResultDecoder result = placed();
        assertEquals(1, result.fillCount());
        assertEquals(state.version(1), result.accountVersion());
    }

    @Test
    void aCancelAnswersWhatItTookOutAndReleased()
    {
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        final long orderId = state.nextOrderId() - 1;
        assertEquals(0, fixture.execute(commands.cancelOrder(fixture.command, 0, 1, orderId)));
        assertEquals(CancelOrderResultDecoder.TEMPLATE_ID, resultTemplate());
        final CancelOrderResultDecoder result = new CancelOrderResultDecoder().wrap(fixture.events.resultBuffer(),
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(orderId, result.orderId());
        assertEquals(10, result.remainingQuantity());
        assertEquals(1_000, result.released());
        assertEquals(state.version(1), result.accountVersion());
        assertEquals(100_000, state.available(1, USD));
    }

    @Test
    void anAmendAnswersItsPriorityAndWhatItTraded()
    {
        assertEquals(0, place(1, 1, Side.BUY, TimeInForce.GTC, 100, 10));
        final long bid = state.nextOrderId() - 1;
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, bid, 100, 6)));
        AmendOrderResultDecoder result = amended();
        assertEquals(bid, result.orderId());
        assertEquals(BooleanType.TRUE, result.keepsPriority());
        assertEquals(OrderStatus.LIVE, result.status());
        assertEquals(6, result.leavesQuantity());
        assertEquals(0, result.fillCount());
        assertEquals(state.version(1), result.accountVersion());

        assertEquals(0, place(2, 1, Side.SELL, TimeInForce.GTC, 103, 4));
        assertEquals(0, fixture.execute(commands.amendOrder(fixture.command, 0, 1, bid, 104, 6)));
        result = amended();
        assertEquals(BooleanType.FALSE, result.keepsPriority());
        assertEquals(OrderStatus.LIVE, result.status());
        assertEquals(4, result.filledQuantity());
        assertEquals(2, result.leavesQuantity());
        assertEquals(state.openQuantity(bid), result.leavesQuantity());
        assertEquals(1, result.fillCount());
        assertEquals(4 * 103, result.quoteTraded());
        assertEquals(state.version(1), result.accountVersion());

        assertEquals(0, place(2, 2, Side.SELL, TimeInForce.GTC, 104, 2));
        assertEquals(OrderStatus.FILLED, placed().status(), "the sell fills the rest of the bid");
    }

    @Test
    void aRejectedCommandHasNoResultEvenAfterEventsItEmitted()
    {
        // The guard of the fixture fails the test when a result is claimed after a rejection.
        assertEquals(INSUFFICIENT_FUNDS, fixture.execute(commands.withdraw(fixture.command, 0, 1, USD, 1_000_000)));
        assertEquals(0, fixture.events.resultLength());
        for (int i = 1; i <= 4; i++)
        {
            assertEquals(0, place(1, i, Side.SELL, TimeInForce.GTC, 100, 1));
        }
        // Accepted, then three trades, then the fourth is one too many: rejected whole.
        assertEquals(TOO_MANY_FILLS, place(2, 1, Side.BUY, TimeInForce.IOC, 100, 4));
        assertEquals(0, fixture.events.resultLength());
    }

    @Test
    void theDefaultFillLimitTakesAThousandMakersAndRejectsOneMore()
    {
        final int limit = ExchangeDomain.DEFAULT_MAX_FILLS;
        assertEquals(1_000, limit);
        final DomainFixture big = new DomainFixture(new ExchangeDomain(),
            new RecordingEventAppender(1 << 20, 4 * limit)).asClient(CLIENT);
        final ExchangeCommands c = big.commands;
        assertEquals(0, big.execute(c.addInstrument(big.command, 0, MARKET, BTC, USD, 1, 1)));
        for (long account = 1; account <= 2; account++)
        {
            assertEquals(0, big.execute(c.openAccount(big.command, 0, account)));
            assertEquals(0, big.execute(c.deposit(big.command, 0, account, BTC, 10_000)));
            assertEquals(0, big.execute(c.deposit(big.command, 0, account, USD, 10_000_000)));
        }
        for (int i = 1; i <= limit + 1; i++)
        {
            assertEquals(0, big.execute(c.placeOrder(big.command, 0, 1, i, MARKET, Side.SELL, TimeInForce.GTC,
                100 + i % 7, 1)));
        }
        assertEquals(TOO_MANY_FILLS, big.execute(c.placeOrder(big.command, 0, 2, 1, MARKET, Side.BUY,
            TimeInForce.IOC, 1_000, limit + 1)));
        assertEquals(limit + 1, big.state.orderCount(), "nothing traded");

        assertEquals(0, big.execute(c.placeOrder(big.command, 0, 2, 2, MARKET, Side.BUY, TimeInForce.IOC, 1_000,
            limit)));
        header.wrap(big.events.resultBuffer(), 0);
        final PlaceOrderResultDecoder result = new PlaceOrderResultDecoder().wrap(big.events.resultBuffer(),
            MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        assertEquals(limit, result.fillCount());
        assertEquals(limit, result.filledQuantity());
        assertEquals(OrderStatus.FILLED, result.status());
        assertEquals(1, big.state.orderCount(), "one maker left");
        assertEquals(big.state.version(2), result.accountVersion());
    }
}
