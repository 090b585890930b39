package io.sequent.payments.domain;

import io.sequent.payments.codecs.OrderStatus;

/**
 * One order and its payment, as the state holds it: amounts in the order's currency's minor units. Changed only by
 * {@link PaymentsDomain#apply}; read by the rules, tools and tests.
 */
public final class PaymentOrder
{
    final long orderId;
    final long customerId;
    final int currency;
    final long amount;
    long version;
    OrderStatus status = OrderStatus.PLACED;
    long authorized;
    long captured;
    long refunded;
    long fees;

    PaymentOrder(final long orderId, final long customerId, final int currency, final long amount)
    {
        this.orderId = orderId;
        this.customerId = customerId;
        this.currency = currency;
        this.amount = amount;
    }

    /** @return the order's id. */
    public long orderId()
    {
        return orderId;
    }

    /** @return the customer who placed it. */
    public long customerId()
    {
        return customerId;
    }

    /** @return its currency's ISO 4217 numeric code. */
    public int currency()
    {
        return currency;
    }

    /** @return the order's amount. */
    public long amount()
    {
        return amount;
    }

    /** @return commands the order has accepted: 1 once placed. */
    public long version()
    {
        return version;
    }

    /** @return where the workflow is. */
    public OrderStatus status()
    {
        return status;
    }

    /** @return the amount authorized, 0 before. */
    public long authorized()
    {
        return authorized;
    }

    /** @return the amount captured, 0 before. */
    public long captured()
    {
        return captured;
    }

    /** @return refunded so far. */
    public long refunded()
    {
        return refunded;
    }

    /** @return the fee withheld from the capture. */
    public long fees()
    {
        return fees;
    }

    /** @return what is left to refund: captured minus refunded. */
    public long refundable()
    {
        return captured - refunded;
    }
}
