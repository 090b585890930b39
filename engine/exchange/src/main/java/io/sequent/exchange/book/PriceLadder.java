package io.sequent.exchange.book;

/**
 * The price order both book structures keep: prices sorted so that the best is last (ascending for bids, whose
 * best is the highest; descending for asks), so the best is read and removed without shifting.
 */
final class PriceLadder
{
    private PriceLadder()
    {
    }

    /**
     * Binary search.
     *
     * @param prices sorted best last.
     * @param count  prices in use.
     * @param price  to find.
     * @param bids   the bid side's order when true, the ask side's otherwise.
     * @return the index of the price, or -(insertion point) - 1 when absent.
     */
    static int search(final long[] prices, final int count, final long price, final boolean bids)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int cmp = bids ? Long.compare(prices[mid], price) : Long.compare(price, prices[mid]);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else if (cmp > 0)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }
}
