package io.sequent.payments.projection;

/**
 * Value of the order projection: an order and its payment as clients see it. A Chronicle Values interface (fixed
 * size, no serialisation).
 */
public interface OrderView
{
    /** @return the order's version. */
    long getVersion();

    /** @param version the order's version. */
    void setVersion(long version);

    /** @return the customer. */
    long getCustomerId();

    /** @param customerId the customer. */
    void setCustomerId(long customerId);

    /** @return the order's amount, minor units. */
    long getAmount();

    /** @param amount the order's amount. */
    void setAmount(long amount);

    /** @return authorized, minor units. */
    long getAuthorized();

    /** @param authorized authorized. */
    void setAuthorized(long authorized);

    /** @return captured, minor units. */
    long getCaptured();

    /** @param captured captured. */
    void setCaptured(long captured);

    /** @return refunded so far, minor units. */
    long getRefunded();

    /** @param refunded refunded so far. */
    void setRefunded(long refunded);

    /** @return the fee withheld, minor units. */
    long getFees();

    /** @param fees the fee withheld. */
    void setFees(long fees);

    /** @return the currency's ISO 4217 numeric code. */
    int getCurrency();

    /** @param currency the currency's code. */
    void setCurrency(int currency);

    /** @return the {@code OrderStatus} value. */
    byte getStatus();

    /** @param status the {@code OrderStatus} value. */
    void setStatus(byte status);

    /** @return sequence of the last event applied to this entry. */
    long getSequence();

    /** @param sequence of the last event applied to this entry. */
    void setSequence(long sequence);
}
