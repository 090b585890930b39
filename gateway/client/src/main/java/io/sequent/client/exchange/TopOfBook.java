package io.sequent.client.exchange;

/**
 * The best bid and ask of an instrument, with the open quantity at each, from the server's read model.
 *
 * @param instrumentId the instrument.
 * @param bidPrice     best bid, 0 when no one bids.
 * @param bidQuantity  open quantity at the best bid.
 * @param askPrice     best ask, 0 when no one offers.
 * @param askQuantity  open quantity at the best ask.
 */
public record TopOfBook(int instrumentId, long bidPrice, long bidQuantity, long askPrice, long askQuantity)
{
    /**
     * @return whether someone bids.
     */
    public boolean hasBid()
    {
        return bidQuantity > 0;
    }

    /**
     * @return whether someone offers.
     */
    public boolean hasAsk()
    {
        return askQuantity > 0;
    }
}
