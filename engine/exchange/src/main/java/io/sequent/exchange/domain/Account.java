package io.sequent.exchange.domain;

import org.agrona.collections.Long2LongHashMap;

/**
 * One account's balances, per asset id: available to trade or withdraw, and reserved by resting orders; and its
 * version, for optimistic concurrency: 1 when opened, one more for every event that changes the account.
 */
final class Account
{
    /** An expected version that asks for no check: what a command of schema version 1 decodes to. */
    static final long ANY_VERSION = 0;

    final long id;
    long version = 1;
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

    /**
     * @param expectedVersion a command's expected version, {@link #ANY_VERSION} for none.
     * @return whether the command may go ahead: no check asked, or the account is at that version.
     */
    boolean isAt(final long expectedVersion)
    {
        return expectedVersion == ANY_VERSION || expectedVersion == version;
    }
}
