package io.sequent.exchange.book;

/**
 * A market of a base asset priced in a quote asset, with its order book: prices are multiples of the tick,
 * quantities of the lot size.
 */
public final class Instrument
{
    final int id;
    final int baseAsset;
    final int quoteAsset;
    final long priceTick;
    final long lotSize;
    private final BookSide bids = new BookSide(true);
    private final BookSide asks = new BookSide(false);

    /**
     * @param id         the instrument's id.
     * @param baseAsset  the asset traded.
     * @param quoteAsset the asset prices are in.
     * @param priceTick  prices are multiples of it.
     * @param lotSize    quantities are multiples of it.
     */
    public Instrument(final int id, final int baseAsset, final int quoteAsset, final long priceTick, final long lotSize)
    {
        this.id = id;
        this.baseAsset = baseAsset;
        this.quoteAsset = quoteAsset;
        this.priceTick = priceTick;
        this.lotSize = lotSize;
    }

    /**
     * @return the instrument's id.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the asset traded.
     */
    public int baseAsset()
    {
        return baseAsset;
    }

    /**
     * @return the asset prices are in.
     */
    public int quoteAsset()
    {
        return quoteAsset;
    }

    /**
     * @return prices are multiples of it.
     */
    public long priceTick()
    {
        return priceTick;
    }

    /**
     * @return quantities are multiples of it.
     */
    public long lotSize()
    {
        return lotSize;
    }

    /**
     * @param buy the bid side when true, the ask side otherwise.
     * @return that side of the book.
     */
    public BookSide side(final boolean buy)
    {
        return buy ? bids : asks;
    }
}
