package io.sequent.exchange.projection;

/**
 * Value of the order projection: an order as clients see it. A Chronicle Values interface (fixed size, no
 * serialisation).
 */
public interface OrderView
{
    /** Status: resting in the book. */
    byte LIVE = 0;
    /** Status: filled completely. */
    byte FILLED = 1;
    /** Status: cancelled by its owner or, for IOC orders, at once; {@link #getRemaining()} is what was left. */
    byte CANCELLED = 2;

    /** @return LIVE, FILLED or CANCELLED. */
    byte getStatus();

    /** @param status LIVE, FILLED or CANCELLED. */
    void setStatus(byte status);

    /** @return owner. */
    long getAccountId();

    /** @param accountId owner. */
    void setAccountId(long accountId);

    /** @return instrument. */
    int getInstrumentId();

    /** @param instrumentId instrument. */
    void setInstrumentId(int instrumentId);

    /** @return true for a buy. */
    boolean getBuy();

    /** @param buy true for a buy. */
    void setBuy(boolean buy);

    /** @return limit price. */
    long getPrice();

    /** @param price limit price. */
    void setPrice(long price);

    /** @return quantity filled so far. */
    long getFilled();

    /** @param filled quantity filled so far. */
    void setFilled(long filled);

    /** @return open quantity (0 once filled or cancelled). */
    long getRemaining();

    /** @param remaining open quantity. */
    void setRemaining(long remaining);

    /** @return sequence of the last event applied to this entry. */
    long getSequence();

    /** @param sequence of the last event applied to this entry. */
    void setSequence(long sequence);
}
