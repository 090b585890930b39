package io.sequent.exchange.api;

import io.sequent.codecs.exchange.BalanceQueryEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.OrderQueryEncoder;
import io.sequent.codecs.exchange.TopOfBookQueryEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the exchange's queries (SBE header and body) for a client to send; one instance per thread.
 */
public final class ExchangeQueryRequests
{
    /** {@link #balances} asset id meaning every asset the account holds. */
    public static final int ALL_ASSETS = -1;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final BalanceQueryEncoder balance = new BalanceQueryEncoder();
    private final OrderQueryEncoder order = new OrderQueryEncoder();
    private final TopOfBookQueryEncoder topOfBook = new TopOfBookQueryEncoder();

    /**
     * @param buffer    where to encode.
     * @param offset    where the query starts.
     * @param accountId the account.
     * @param assetId   one asset, or {@link #ALL_ASSETS}.
     * @return the query's length.
     */
    public int balances(final MutableDirectBuffer buffer, final int offset, final long accountId, final int assetId)
    {
        balance.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).assetId(assetId);
        return MessageHeaderEncoder.ENCODED_LENGTH + balance.encodedLength();
    }

    /**
     * @param buffer  where to encode.
     * @param offset  where the query starts.
     * @param orderId the order, as its {@code OrderAccepted} event named it.
     * @return the query's length.
     */
    public int order(final MutableDirectBuffer buffer, final int offset, final long orderId)
    {
        order.wrapAndApplyHeader(buffer, offset, header).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    /**
     * @param buffer       where to encode.
     * @param offset       where the query starts.
     * @param instrumentId the instrument.
     * @return the query's length.
     */
    public int topOfBook(final MutableDirectBuffer buffer, final int offset, final int instrumentId)
    {
        topOfBook.wrapAndApplyHeader(buffer, offset, header).instrumentId(instrumentId);
        return MessageHeaderEncoder.ENCODED_LENGTH + topOfBook.encodedLength();
    }
}
