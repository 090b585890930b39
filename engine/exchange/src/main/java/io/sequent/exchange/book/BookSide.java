package io.sequent.exchange.book;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One side of an order book: price levels in an array sorted so that the best price is last. Best price is O(1);
 * finding a level is a binary search; adding or removing a level shifts the levels behind it, which is cheap for
 * the few dozen levels near the top where almost all activity is. Levels are pooled.
 */
public final class BookSide
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
    public PriceLevel best()
    {
        return count == 0 ? null : levels[count - 1];
    }

    /**
     * @return levels on this side.
     */
    public int levelCount()
    {
        return count;
    }

    /**
     * @param index 0 is the best level, levelCount() - 1 the worst.
     * @return the level.
     */
    public PriceLevel level(final int index)
    {
        return levels[count - 1 - index];
    }

    /**
     * @param price a limit price of the other side.
     * @param level a level of this side.
     * @return whether an order of the other side at that price trades with the level.
     */
    public boolean crosses(final long price, final PriceLevel level)
    {
        return bids ? level.price >= price : level.price <= price;
    }

    /**
     * Puts an order at the back of its price's queue, opening the level when it is the first at that price.
     *
     * @param order an order of this side, in no level.
     */
    public void add(final Order order)
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

    /**
     * Takes an order out of its level, closing the level when it was the last there.
     *
     * @param order an order resting on this side.
     */
    public void remove(final Order order)
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

    /**
     * Takes quantity off a resting order (a fill, or an amendment down that keeps its place in the queue); an
     * order left with nothing open is still in its level until {@link #remove}d.
     *
     * @param order    an order resting on this side.
     * @param quantity at most its open quantity.
     */
    public void reduce(final Order order, final long quantity)
    {
        order.remaining -= quantity;
        order.level.quantity -= quantity;
    }

    /**
     * Moves a resting order to a new price and quantity at the back of that price's queue: it loses its priority.
     *
     * @param order    an order resting on this side.
     * @param price    its new limit price.
     * @param quantity its new open quantity.
     */
    public void replace(final Order order, final long price, final long quantity)
    {
        remove(order);
        order.price = price;
        order.remaining = quantity;
        add(order);
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
