package io.sequent.exchange;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One side of an order book: price levels in an array sorted so that the best price is last. Best price is O(1);
 * finding a level is a binary search; adding or removing a level shifts the levels behind it, which is cheap for
 * the few dozen levels near the top where almost all activity is. Levels are pooled.
 */
final class BookSide
{
    private final boolean bids;
    private final ArrayDeque<PriceLevel> pool = new ArrayDeque<>();
    private PriceLevel[] levels = new PriceLevel[64];
    private long[] prices = new long[64];
    private int count;

    BookSide(final boolean bids)
    {
        this.bids = bids;
    }

    /**
     * @return the best level, or null when the side is empty.
     */
    PriceLevel best()
    {
        return count == 0 ? null : levels[count - 1];
    }

    /**
     * @return levels on this side.
     */
    int levelCount()
    {
        return count;
    }

    /**
     * @param index 0 is the best level, levelCount() - 1 the worst.
     * @return the level.
     */
    PriceLevel level(final int index)
    {
        return levels[count - 1 - index];
    }

    /**
     * @param price a limit price of the other side.
     * @param level a level of this side.
     * @return whether an order of the other side at that price trades with the level.
     */
    boolean crosses(final long price, final PriceLevel level)
    {
        return bids ? level.price >= price : level.price <= price;
    }

    void add(final Order order)
    {
        final int index = PriceLadder.search(prices, count, order.price, bids);
        final PriceLevel level;
        if (index >= 0)
        {
            level = levels[index];
        }
        else
        {
            level = newLevel(order.price);
            final int insertAt = -index - 1;
            if (count == levels.length)
            {
                levels = Arrays.copyOf(levels, count * 2);
                prices = Arrays.copyOf(prices, count * 2);
            }
            System.arraycopy(levels, insertAt, levels, insertAt + 1, count - insertAt);
            System.arraycopy(prices, insertAt, prices, insertAt + 1, count - insertAt);
            levels[insertAt] = level;
            prices[insertAt] = order.price;
            count++;
        }
        level.append(order);
    }

    void remove(final Order order)
    {
        final PriceLevel level = order.level;
        level.remove(order);
        if (level.count == 0)
        {
            final int index = PriceLadder.search(prices, count, level.price, bids);
            System.arraycopy(levels, index + 1, levels, index, count - index - 1);
            System.arraycopy(prices, index + 1, prices, index, count - index - 1);
            levels[--count] = null;
            level.head = null;
            level.tail = null;
            level.quantity = 0;
            pool.push(level);
        }
    }

    private PriceLevel newLevel(final long price)
    {
        final PriceLevel level = pool.isEmpty() ? new PriceLevel() : pool.pop();
        level.price = price;
        level.quantity = 0;
        level.count = 0;
        return level;
    }

}
