package io.sequent.exchange;

/**
 * A live order: resting in its book's price level (a FIFO, linked through the orders themselves), or, within one
 * command, a taker about to trade. Instances are pooled by {@link ExchangeState}.
 */
final class Order
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
     * @return what the order keeps reserved for its open quantity: quote for a buy, base for a sell.
     */
    long reservation()
    {
        return buy ? price * remaining : remaining;
    }

    int reservedAsset()
    {
        return buy ? instrument.quoteAsset : instrument.baseAsset;
    }

    void clear()
    {
        instrument = null;
        level = null;
        prev = null;
        next = null;
    }
}
