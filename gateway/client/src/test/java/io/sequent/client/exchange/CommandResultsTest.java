package io.sequent.client.exchange;

import io.sequent.codecs.exchange.AmendOrderResultEncoder;
import io.sequent.codecs.exchange.BooleanType;
import io.sequent.codecs.exchange.CancelOrderResultEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OpenAccountResultDecoder;
import io.sequent.codecs.exchange.OpenAccountResultEncoder;
import io.sequent.codecs.exchange.PlaceOrderResultDecoder;
import io.sequent.codecs.exchange.PlaceOrderResultEncoder;
import io.sequent.codecs.exchange.TransferResultEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The exchange's result messages read into records and into the listener's callbacks alike, and what is not a
 * result this client knows reads as none.
 */
class CommandResultsTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CommandResults results = new CommandResults();
    private final List<String> heard = new ArrayList<>();
    private final ExchangeListener listener = new ExchangeListener()
    {
        @Override
        public void onOrderPlaced(
            final long correlationId, final long sequence, final boolean duplicate, final long orderId,
            final OrderStatus status, final long filledQuantity, final long leavesQuantity, final int fillCount,
            final long quoteTraded, final long accountVersion)
        {
            heard.add(new OrderPlaced(orderId, status, filledQuantity, leavesQuantity, fillCount, quoteTraded,
                accountVersion) + " " + correlationId + " " + sequence + " " + duplicate);
        }

        @Override
        public void onOrderAmended(
            final long correlationId, final long sequence, final boolean duplicate, final long orderId,
            final OrderStatus status, final boolean keptPriority, final long filledQuantity,
            final long leavesQuantity, final int fillCount, final long quoteTraded, final long accountVersion)
        {
            heard.add(new OrderAmended(orderId, status, keptPriority, filledQuantity, leavesQuantity, fillCount,
                quoteTraded, accountVersion).toString());
        }

        @Override
        public void onOrderCancelled(
            final long correlationId, final long sequence, final boolean duplicate, final long orderId,
            final long remainingQuantity, final long released, final long accountVersion)
        {
            heard.add(new OrderCancelled(orderId, remainingQuantity, released, accountVersion).toString());
        }

        @Override
        public void onBalanceUpdated(
            final long correlationId, final long sequence, final boolean duplicate, final long accountId,
            final int assetId, final long available, final long accountVersion)
        {
            heard.add(new BalanceUpdate(accountId, assetId, available, accountVersion).toString());
        }
    };

    @Test
    void aPlaceOrderResultReadsTheSameAsRecordAndAsCallback()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new PlaceOrderResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).orderId(42).accountVersion(9).filledQuantity(3)
            .leavesQuantity(0).quoteTraded(300).fillCount(2).status(io.sequent.codecs.exchange.OrderStatus.CANCELLED)
            .encodedLength();
        final OrderPlaced expected = new OrderPlaced(42, OrderStatus.CANCELLED, 3, 0, 2, 300, 9);
        assertEquals(expected, results.toRecord(PlaceOrderResultDecoder.TEMPLATE_ID, buffer, 0, length));
        results.dispatch(listener, 7, 100, true, buffer, 0, length);
        assertEquals(List.of(expected + " 7 100 true"), heard);
        assertNull(results.toRecord(OpenAccountResultDecoder.TEMPLATE_ID, buffer, 0, length),
            "not the result the command has");
    }

    @Test
    void everyOtherResult()
    {
        int length = MessageHeaderEncoder.ENCODED_LENGTH + new AmendOrderResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).orderId(5).accountVersion(4).filledQuantity(1).leavesQuantity(2)
            .quoteTraded(10).fillCount(1).status(io.sequent.codecs.exchange.OrderStatus.LIVE)
            .keepsPriority(BooleanType.FALSE).encodedLength();
        results.dispatch(listener, 1, 1, false, buffer, 0, length);
        length = MessageHeaderEncoder.ENCODED_LENGTH + new CancelOrderResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).orderId(5).accountVersion(5).remainingQuantity(2).released(20)
            .encodedLength();
        results.dispatch(listener, 2, 2, false, buffer, 0, length);
        length = MessageHeaderEncoder.ENCODED_LENGTH + new TransferResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).accountId(3).assetId(1).available(77).accountVersion(6)
            .encodedLength();
        results.dispatch(listener, 3, 3, false, buffer, 0, length);
        assertEquals(List.of(
            new OrderAmended(5, OrderStatus.LIVE, false, 1, 2, 1, 10, 4).toString(),
            new OrderCancelled(5, 2, 20, 5).toString(),
            new BalanceUpdate(3, 1, 77, 6).toString()), heard);

        length = MessageHeaderEncoder.ENCODED_LENGTH + new OpenAccountResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).accountId(3).accountVersion(1).encodedLength();
        assertEquals(new AccountOpened(3, 1),
            results.toRecord(OpenAccountResultDecoder.TEMPLATE_ID, buffer, 0, length));
    }

    @Test
    void noResultOrAForeignOneIsNone()
    {
        assertFalse(results.dispatch(listener, 1, 1, false, buffer, 0, 0));
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new OpenAccountResultEncoder()
            .wrapAndApplyHeader(buffer, 0, header).accountId(3).accountVersion(1).encodedLength();
        assertEquals(CommandResults.NONE, results.template(buffer, 0, length - 1), "shorter than its block");
        buffer.putShort(4, (short)77);
        assertEquals(CommandResults.NONE, results.template(buffer, 0, length), "another schema");
        assertEquals(List.of(), heard);
    }
}
