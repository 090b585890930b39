package io.sequent.exchange;

/**
 * A market of a base asset priced in a quote asset, with its order book.
 */
final class Instrument
{
    final int id;
    final int baseAsset;
    final int quoteAsset;
    final long priceTick;
    final long lotSize;
    final BookSide bids = new BookSide(true);
    final BookSide asks = new BookSide(false);

    Instrument(final int id, final int baseAsset, final int quoteAsset, final long priceTick, final long lotSize)
    {
        this.id = id;
        this.baseAsset = baseAsset;
        this.quoteAsset = quoteAsset;
        this.priceTick = priceTick;
        this.lotSize = lotSize;
    }

    BookSide side(final boolean buy)
    {
        return buy ? bids : asks;
    }
}
