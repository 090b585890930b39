package io.sequent.exchange.projection;

/**
 * Value of the top-of-book projection: best bid and ask of one instrument with the open quantity at each (0 and 0
 * when that side is empty). A Chronicle Values interface.
 */
public interface TopOfBook
{
    /** @return best bid price, 0 when none. */
    long getBidPrice();

    /** @param price best bid price. */
    void setBidPrice(long price);

    /** @return open quantity at the best bid. */
    long getBidQuantity();

    /** @param quantity open quantity at the best bid. */
    void setBidQuantity(long quantity);

    /** @return best ask price, 0 when none. */
    long getAskPrice();

    /** @param price best ask price. */
    void setAskPrice(long price);

    /** @return open quantity at the best ask. */
    long getAskQuantity();

    /** @param quantity open quantity at the best ask. */
    void setAskQuantity(long quantity);

    /** @return sequence of the event after which this was true. */
    long getSequence();

    /** @param sequence of the event after which this was true. */
    void setSequence(long sequence);
}
