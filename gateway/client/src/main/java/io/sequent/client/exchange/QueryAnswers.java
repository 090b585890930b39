package io.sequent.client.exchange;

import io.sequent.codecs.exchange.BalanceResultDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderResultDecoder;
import io.sequent.codecs.exchange.TopOfBookResultDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the exchange's query results ({@code BalanceResult}, {@code OrderResult}, {@code TopOfBookResult}) into
 * records. One instance per client, on the client's thread.
 */
final class QueryAnswers
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BalanceResultDecoder balances = new BalanceResultDecoder();
    private final OrderResultDecoder order = new OrderResultDecoder();
    private final TopOfBookResultDecoder topOfBook = new TopOfBookResultDecoder();

    /**
     * @return the balances, in asset order.
     * @throws IllegalStateException when the answer is not a balance result.
     */
    List<Balance> balances(final DirectBuffer buffer, final int offset, final int length)
    {
        wrap(buffer, offset, length, BalanceResultDecoder.TEMPLATE_ID, BalanceResultDecoder.BLOCK_LENGTH);
        balances.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final long accountId = balances.accountId();
        final List<Balance> list = new ArrayList<>();
        for (final BalanceResultDecoder.BalancesDecoder balance : balances.balances())
        {
            list.add(new Balance(accountId, balance.assetId(), balance.available(), balance.reserved()));
        }
        return list;
    }

    /**
     * @return the order.
     * @throws IllegalStateException when the answer is not an order result.
     */
    OrderState order(final DirectBuffer buffer, final int offset, final int length)
    {
        wrap(buffer, offset, length, OrderResultDecoder.TEMPLATE_ID, OrderResultDecoder.BLOCK_LENGTH);
        order.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return new OrderState(order.orderId(), order.accountId(), order.instrumentId(),
            order.sideRaw() == io.sequent.codecs.exchange.Side.SELL.value() ? Side.SELL : Side.BUY,
            CommandResults.status(order.statusRaw()), order.price(), order.filled(), order.remaining());
    }

    /**
     * @return the top of the book.
     * @throws IllegalStateException when the answer is not a top-of-book result.
     */
    TopOfBook topOfBook(final DirectBuffer buffer, final int offset, final int length)
    {
        wrap(buffer, offset, length, TopOfBookResultDecoder.TEMPLATE_ID, TopOfBookResultDecoder.BLOCK_LENGTH);
        topOfBook.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
            header.version());
        return new TopOfBook(topOfBook.instrumentId(), topOfBook.bidPrice(), topOfBook.bidQuantity(),
            topOfBook.askPrice(), topOfBook.askQuantity());
    }

    private void wrap(
        final DirectBuffer buffer, final int offset, final int length, final int templateId, final int blockLength)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalStateException("the server answered a query with " + length + " bytes");
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.templateId() != templateId ||
            header.blockLength() < blockLength || MessageHeaderDecoder.ENCODED_LENGTH + header.blockLength() > length)
        {
            throw new IllegalStateException("the server answered a query with schema " + header.schemaId() +
                " template " + header.templateId() + ", expected exchange template " + templateId);
        }
    }
}
