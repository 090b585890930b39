package io.sequent.exchange.book;

import java.util.Arrays;

/**
 * Open quantity per price on one side of a book, prices sorted so that the best is last: what a top-of-book view
 * needs, without the orders.
 */
public final class LevelTotals
{
    private final boolean bids;
    private long[] prices = new long[64];
    private long[] quantities = new long[64];
    private int count;

    /**
     * @param bids the bid side's order (best is highest) when true, the ask side's (best is lowest) otherwise.
     */
    public LevelTotals(final boolean bids)
    {
        this.bids = bids;
    }

    /**
     * @param price a price of this side.
     * @param delta open quantity added (negative: taken away); a price left with none is dropped.
     */
    public void add(final long price, final long delta)
    {
        final int index = PriceLadder.search(prices, count, price, bids);
        if (index >= 0)
        {
            quantities[index] += delta;
            if (quantities[index] == 0)
            {
                System.arraycopy(prices, index + 1, prices, index, count - index - 1);
                System.arraycopy(quantities, index + 1, quantities, index, count - index - 1);
                count--;
            }
            return;
        }
        final int at = -index - 1;
        if (count == prices.length)
        {
            prices = Arrays.copyOf(prices, count * 2);
            quantities = Arrays.copyOf(quantities, count * 2);
        }
        System.arraycopy(prices, at, prices, at + 1, count - at);
        System.arraycopy(quantities, at, quantities, at + 1, count - at);
        prices[at] = price;
        quantities[at] = delta;
        count++;
    }

    /**
     * @return the best price, 0 when the side is empty.
     */
    public long bestPrice()
    {
        return count == 0 ? 0 : prices[count - 1];
    }

    /**
     * @return the open quantity at the best price, 0 when the side is empty.
     */
    public long bestQuantity()
    {
        return count == 0 ? 0 : quantities[count - 1];
    }
}
