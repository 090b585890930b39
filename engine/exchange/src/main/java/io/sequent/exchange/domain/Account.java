package io.sequent.exchange.domain;

import org.agrona.collections.Long2LongHashMap;

/**
 * One account's balances, per asset id: available to trade or withdraw, and reserved by resting orders; its
 * version, for optimistic concurrency: 1 when opened, one more for every event that changes the account; and its
 * owner, the client that opened it (0 for none: an account opened before exchange schema version 3).
 */
final class Account
{
    /** An expected version that asks for no check: what a command of schema version 1 decodes to. */
    static final long ANY_VERSION = 0;
    /** The owner of an account that has none: every client may act on it. */
    static final long NO_OWNER = 0;

    final long id;
    final long owner;
    long version = 1;
    final long[] available;
    final long[] reserved;
    /** Client order id to order id, for the account's live orders: a client order id is unique among them. */
    final Long2LongHashMap liveClientOrders = new Long2LongHashMap(-1);

    Account(final long id, final long owner, final int maxAssets)
    {
        this.id = id;
        this.owner = owner;
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

    /**
     * @param clientId the client a command comes from.
     * @return whether that client may act on the account: it owns it, or the account has no owner.
     */
    boolean isOwnedBy(final long clientId)
    {
        return owner == NO_OWNER || owner == clientId;
    }
}
