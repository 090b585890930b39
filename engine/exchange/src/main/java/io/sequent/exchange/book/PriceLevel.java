package io.sequent.exchange.book;

/**
 * The orders at one price on one side of a book, in time priority. Pooled by {@link BookSide}.
 */
public final class PriceLevel
{
    long price;
    long quantity;
    int count;
    Order head;
    Order tail;

    PriceLevel()
    {
    }

    /**
     * @return the level's price.
     */
    public long price()
    {
        return price;
    }

    /**
     * @return the open quantity of its orders.
     */
    public long quantity()
    {
        return quantity;
    }

    /**
     * @return how many orders it holds.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return its first order in time priority; walk the rest with {@link Order#next()}.
     */
    public Order head()
    {
        return head;
    }

    void append(final Order order)
    {
        order.level = this;
        order.prev = tail;
        order.next = null;
        if (tail == null)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        quantity += order.remaining;
        count++;
    }

    void remove(final Order order)
    {
        if (order.prev == null)
        {
            head = order.next;
        }
        else
        {
            order.prev.next = order.next;
        }
        if (order.next == null)
        {
            tail = order.prev;
        }
        else
        {
            order.next.prev = order.prev;
        }
        quantity -= order.remaining;
        count--;
        order.level = null;
        order.prev = null;
        order.next = null;
    }
}
