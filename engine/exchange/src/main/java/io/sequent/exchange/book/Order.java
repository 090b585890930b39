package io.sequent.exchange.book;

/**
 * A live order: resting in its book's price level (a FIFO, linked through the orders themselves), or, within one
 * command, a taker about to trade. Instances are pooled by the state that owns them; they are changed only by the
 * domain's {@code apply}, through {@link #init} and the {@link BookSide} they rest on.
 */
public final class Order
{
    long orderId;
    long accountId;
    long clientOrderId;
    Instrument instrument;
    boolean buy;
    boolean ioc;
    long price;
    long remaining;
    PriceLevel level;
    Order prev;
    Order next;

    /**
     * Sets every field of a new (or reused) order, before it joins its book with {@link BookSide#add}.
     *
     * @param orderId       the order's id.
     * @param accountId     its owner.
     * @param clientOrderId the owner's id for it.
     * @param instrument    its market.
     * @param buy           true for a buy.
     * @param ioc           true for immediate-or-cancel.
     * @param price         its limit price.
     * @param quantity      its open quantity.
     * @return this order.
     */
    public Order init(
        final long orderId,
        final long accountId,
        final long clientOrderId,
        final Instrument instrument,
        final boolean buy,
        final boolean ioc,
        final long price,
        final long quantity)
    {
        this.orderId = orderId;
        this.accountId = accountId;
        this.clientOrderId = clientOrderId;
        this.instrument = instrument;
        this.buy = buy;
        this.ioc = ioc;
        this.price = price;
        this.remaining = quantity;
        return this;
    }

    /**
     * @return the order's id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * @return its owner.
     */
    public long accountId()
    {
        return accountId;
    }

    /**
     * @return the owner's id for it, unique among the owner's live orders.
     */
    public long clientOrderId()
    {
        return clientOrderId;
    }

    /**
     * @return its market.
     */
    public Instrument instrument()
    {
        return instrument;
    }

    /**
     * @return true for a buy, false for a sell.
     */
    public boolean buy()
    {
        return buy;
    }

    /**
     * @return true for immediate-or-cancel.
     */
    public boolean ioc()
    {
        return ioc;
    }

    /**
     * @return its limit price.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return its open quantity.
     */
    public long remaining()
    {
        return remaining;
    }

    /**
     * @return the order behind it at its price level (time priority), null for the last.
     */
    public Order next()
    {
        return next;
    }

    /**
     * @return what the order keeps reserved for its open quantity: quote for a buy, base for a sell.
     */
    public long reservation()
    {
        return buy ? price * remaining : remaining;
    }

    /**
     * @return the asset its reservation is in: the quote asset for a buy, the base asset for a sell.
     */
    public int reservedAsset()
    {
        return buy ? instrument.quoteAsset : instrument.baseAsset;
    }

    /**
     * Drops the references an order in the pool must not keep.
     */
    public void clear()
    {
        instrument = null;
        level = null;
        prev = null;
        next = null;
    }
}
