package io.sequent.payments.command;

import io.sequent.payments.codecs.AuthorizePaymentEncoder;
import io.sequent.payments.codecs.CancelOrderEncoder;
import io.sequent.payments.codecs.CapturePaymentEncoder;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.OrderEventsQueryEncoder;
import io.sequent.payments.codecs.OrderQueryEncoder;
import io.sequent.payments.codecs.PlaceOrderEncoder;
import io.sequent.payments.codecs.RefundPaymentEncoder;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the payments domain's commands and queries, SBE header included, for clients, tools and tests. One
 * instance per thread (it keeps flyweights); each method returns the message's length.
 */
public final class PaymentCommands
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PlaceOrderEncoder place = new PlaceOrderEncoder();
    private final AuthorizePaymentEncoder authorize = new AuthorizePaymentEncoder();
    private final CapturePaymentEncoder capture = new CapturePaymentEncoder();
    private final RefundPaymentEncoder refund = new RefundPaymentEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final OrderQueryEncoder orderQuery = new OrderQueryEncoder();
    private final OrderEventsQueryEncoder eventsQuery = new OrderEventsQueryEncoder();

    /**
     * @param buffer          to write to.
     * @param offset          where the message starts.
     * @param orderId         the new order's id.
     * @param expectedVersion 0: the order must not exist.
     * @param customerId      who places it.
     * @param amount          minor units.
     * @param currency        ISO 4217 numeric code.
     * @return the message's length.
     */
    public int placeOrder(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long expectedVersion,
        final long customerId, final long amount, final int currency)
    {
        place.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).expectedVersion(expectedVersion)
            .customerId(customerId).amount(amount).currency(currency);
        return MessageHeaderEncoder.ENCODED_LENGTH + place.encodedLength();
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the message starts.
     * @param orderId         the order.
     * @param expectedVersion the order's version as the sender last saw it.
     * @param amount          minor units.
     * @return the message's length.
     */
    public int authorizePayment(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long expectedVersion,
        final long amount)
    {
        authorize.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).expectedVersion(expectedVersion)
            .amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + authorize.encodedLength();
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the message starts.
     * @param orderId         the order.
     * @param expectedVersion the order's version as the sender last saw it.
     * @param amount          minor units.
     * @param fee             withheld from the amount, minor units.
     * @return the message's length.
     */
    public int capturePayment(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long expectedVersion,
        final long amount, final long fee)
    {
        capture.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).expectedVersion(expectedVersion)
            .amount(amount).fee(fee);
        return MessageHeaderEncoder.ENCODED_LENGTH + capture.encodedLength();
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the message starts.
     * @param orderId         the order.
     * @param expectedVersion the order's version as the sender last saw it.
     * @param amount          minor units.
     * @return the message's length.
     */
    public int refundPayment(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long expectedVersion,
        final long amount)
    {
        refund.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).expectedVersion(expectedVersion)
            .amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + refund.encodedLength();
    }

    /**
     * @param buffer          to write to.
     * @param offset          where the message starts.
     * @param orderId         the order.
     * @param expectedVersion the order's version as the sender last saw it.
     * @return the message's length.
     */
    public int cancelOrder(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long expectedVersion)
    {
        cancel.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).expectedVersion(expectedVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancel.encodedLength();
    }

    /**
     * @param buffer  to write to.
     * @param offset  where the message starts.
     * @param orderId the order.
     * @return the query's length.
     */
    public int orderQuery(final MutableDirectBuffer buffer, final int offset, final long orderId)
    {
        orderQuery.wrapAndApplyHeader(buffer, offset, header).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + orderQuery.encodedLength();
    }

    /**
     * @param buffer      to write to.
     * @param offset      where the message starts.
     * @param orderId     the order.
     * @param fromVersion the first version wanted, 1 for the whole history.
     * @return the query's length.
     */
    public int orderEventsQuery(
        final MutableDirectBuffer buffer, final int offset, final long orderId, final long fromVersion)
    {
        eventsQuery.wrapAndApplyHeader(buffer, offset, header).orderId(orderId).fromVersion(fromVersion);
        return MessageHeaderEncoder.ENCODED_LENGTH + eventsQuery.encodedLength();
    }
}
