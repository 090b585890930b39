package io.sequent.exchange;

/**
 * The orders at one price on one side of a book, in time priority. Pooled by {@link BookSide}.
 */
final class PriceLevel
{
    long price;
    long quantity;
    int count;
    Order head;
    Order tail;

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
