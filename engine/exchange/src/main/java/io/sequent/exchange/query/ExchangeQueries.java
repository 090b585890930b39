package io.sequent.exchange.query;

import io.sequent.codecs.QueryStatus;
import io.sequent.codecs.exchange.BalanceQueryDecoder;
import io.sequent.codecs.exchange.BalanceResultEncoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OrderQueryDecoder;
import io.sequent.codecs.exchange.OrderResultEncoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TopOfBookQueryDecoder;
import io.sequent.codecs.exchange.TopOfBookResultEncoder;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.BalanceValue;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.OrderView;
import io.sequent.exchange.projection.TopOfBook;
import io.sequent.exchange.projection.TopOfBookProjection;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;

/**
 * The exchange's queries, answered from its Chronicle Map projections through readers of its own (the projector
 * writes the same files on the engine's read-side thread): the balances of an account (one asset or all), an order
 * by id, the top of book of an instrument. Flyweights and views are reused: answering allocates nothing.
 * <p>
 * Each answer carries the sequence the projection it read had published, read before its entries, so a client that
 * asks with the sequence of its own write as {@code minSequence} sees that write.
 */
public final class ExchangeQueries implements QueryHandler
{
    private final BalanceProjection balances;
    private final OrderProjection orders;
    private final TopOfBookProjection topOfBook;
    private final int maxAssets;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final BalanceQueryDecoder balanceQuery = new BalanceQueryDecoder();
    private final OrderQueryDecoder orderQuery = new OrderQueryDecoder();
    private final TopOfBookQueryDecoder topOfBookQuery = new TopOfBookQueryDecoder();
    private final BalanceResultEncoder balanceResult = new BalanceResultEncoder();
    private final OrderResultEncoder orderResult = new OrderResultEncoder();
    private final TopOfBookResultEncoder topOfBookResult = new TopOfBookResultEncoder();
    private final BalanceValue balance = BalanceProjection.newView();
    private final OrderView order = OrderProjection.newView();
    private final TopOfBook top = TopOfBookProjection.newView();
    private final int[] foundAssets;
    private final long[] foundAvailable;
    private final long[] foundReserved;

    private ExchangeQueries(
        final BalanceProjection balances,
        final OrderProjection orders,
        final TopOfBookProjection topOfBook,
        final int maxAssets)
    {
        this.balances = balances;
        this.orders = orders;
        this.topOfBook = topOfBook;
        this.maxAssets = maxAssets;
        this.foundAssets = new int[maxAssets];
        this.foundAvailable = new long[maxAssets];
        this.foundReserved = new long[maxAssets];
    }

    /**
     * Opens readers of the three projections; the files must exist (the engine creates them when it starts).
     *
     * @param balancesFile  the balance projection's map.
     * @param ordersFile    the order projection's map.
     * @param topOfBookFile the top-of-book projection's map.
     * @param maxAssets     asset ids are in [0, maxAssets): the assets an "all balances" query looks at.
     * @return the handler, for one thread.
     * @throws IllegalStateException when a projection cannot be opened; it says which and what to do.
     */
    public static ExchangeQueries open(
        final Path balancesFile, final Path ordersFile, final Path topOfBookFile, final int maxAssets)
    {
        if (maxAssets < 1)
        {
            throw new IllegalArgumentException("maxAssets must be at least 1: " + maxAssets);
        }
        BalanceProjection balances = null;
        OrderProjection orders = null;
        try
        {
            balances = BalanceProjection.open(balancesFile);
            orders = OrderProjection.open(ordersFile);
            return new ExchangeQueries(balances, orders, TopOfBookProjection.open(topOfBookFile), maxAssets);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(balances, orders);
            throw ex;
        }
    }

    @Override
    public void answer(
        final DirectBuffer query,
        final int offset,
        final int length,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            answer.set(QueryStatus.BAD_QUERY, 0, 0);
            return;
        }
        header.wrap(query, offset);
        final int blockLength = header.blockLength();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            answer.set(QueryStatus.BAD_QUERY, 0, 0);
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case BalanceQueryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < BalanceQueryDecoder.BLOCK_LENGTH)
                {
                    answer.set(QueryStatus.BAD_QUERY, 0, 0);
                    return;
                }
                balanceQuery.wrap(query, bodyOffset, blockLength, header.version());
                answerBalances(balanceQuery.accountId(), balanceQuery.assetId(), minSequence, result,
                    resultOffset, answer);
            }
            case OrderQueryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < OrderQueryDecoder.BLOCK_LENGTH)
                {
                    answer.set(QueryStatus.BAD_QUERY, 0, 0);
                    return;
                }
                orderQuery.wrap(query, bodyOffset, blockLength, header.version());
                answerOrder(orderQuery.orderId(), minSequence, result, resultOffset, answer);
            }
            case TopOfBookQueryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < TopOfBookQueryDecoder.BLOCK_LENGTH)
                {
                    answer.set(QueryStatus.BAD_QUERY, 0, 0);
                    return;
                }
                topOfBookQuery.wrap(query, bodyOffset, blockLength, header.version());
                answerTopOfBook(topOfBookQuery.instrumentId(), minSequence, result, resultOffset, answer);
            }
            default -> answer.set(QueryStatus.BAD_QUERY, 0, 0);
        }
    }

    private void answerBalances(
        final long accountId,
        final int assetId,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        // The sequence first: the entries read after it are at least that new.
        final long sequence = balances.lastAppliedSequence();
        if (sequence < minSequence)
        {
            answer.set(QueryStatus.NOT_YET, sequence, 0);
            return;
        }
        int found = 0;
        if (assetId == -1)
        {
            for (int asset = 0; asset < maxAssets; asset++)
            {
                found = collect(accountId, asset, found);
            }
        }
        else if (assetId >= 0 && assetId < maxAssets)
        {
            found = collect(accountId, assetId, found);
        }
        if (found == 0)
        {
            answer.set(QueryStatus.NOT_FOUND, sequence, 0);
            return;
        }
        final BalanceResultEncoder.BalancesEncoder group = balanceResult
            .wrapAndApplyHeader(result, resultOffset, headerEncoder)
            .accountId(accountId)
            .balancesCount(found);
        for (int i = 0; i < found; i++)
        {
            group.next().assetId(foundAssets[i]).available(foundAvailable[i]).reserved(foundReserved[i]);
        }
        answer.set(QueryStatus.OK, sequence, MessageHeaderEncoder.ENCODED_LENGTH + balanceResult.encodedLength());
    }

    private int collect(final long accountId, final int assetId, final int found)
    {
        if (!balances.read(accountId, assetId, balance))
        {
            return found;
        }
        foundAssets[found] = assetId;
        foundAvailable[found] = balance.getAvailable();
        foundReserved[found] = balance.getReserved();
        return found + 1;
    }

    private void answerOrder(
        final long orderId,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        final long sequence = orders.lastAppliedSequence();
        if (sequence < minSequence)
        {
            answer.set(QueryStatus.NOT_YET, sequence, 0);
            return;
        }
        if (!orders.read(orderId, order))
        {
            answer.set(QueryStatus.NOT_FOUND, sequence, 0);
            return;
        }
        orderResult.wrapAndApplyHeader(result, resultOffset, headerEncoder)
            .orderId(orderId)
            .accountId(order.getAccountId())
            .instrumentId(order.getInstrumentId())
            .side(order.getBuy() ? Side.BUY : Side.SELL)
            .status(status(order.getStatus()))
            .price(order.getPrice())
            .filled(order.getFilled())
            .remaining(order.getRemaining());
        answer.set(QueryStatus.OK, sequence, MessageHeaderEncoder.ENCODED_LENGTH + orderResult.encodedLength());
    }

    private static OrderStatus status(final byte status)
    {
        return switch (status)
        {
            case OrderView.FILLED -> OrderStatus.FILLED;
            case OrderView.CANCELLED -> OrderStatus.CANCELLED;
            default -> OrderStatus.LIVE;
        };
    }

    private void answerTopOfBook(
        final int instrumentId,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        final long sequence = topOfBook.publishedSequence();
        if (sequence < minSequence)
        {
            answer.set(QueryStatus.NOT_YET, sequence, 0);
            return;
        }
        if (!topOfBook.read(instrumentId, top))
        {
            answer.set(QueryStatus.NOT_FOUND, sequence, 0);
            return;
        }
        topOfBookResult.wrapAndApplyHeader(result, resultOffset, headerEncoder)
            .instrumentId(instrumentId)
            .bidPrice(top.getBidPrice())
            .bidQuantity(top.getBidQuantity())
            .askPrice(top.getAskPrice())
            .askQuantity(top.getAskQuantity());
        answer.set(QueryStatus.OK, sequence, MessageHeaderEncoder.ENCODED_LENGTH + topOfBookResult.encodedLength());
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(balances, orders, topOfBook);
    }
}
