package io.sequent.exchange;

import org.agrona.collections.Long2LongHashMap;

/**
 * One account's balances, per asset id: available to trade or withdraw, and reserved by resting orders.
 */
final class Account
{
    final long id;
    final long[] available;
    final long[] reserved;
    /** Client order id to order id, for the account's live orders: a client order id is unique among them. */
    final Long2LongHashMap liveClientOrders = new Long2LongHashMap(-1);

    Account(final long id, final int maxAssets)
    {
        this.id = id;
        this.available = new long[maxAssets];
        this.reserved = new long[maxAssets];
    }
}
