package io.sequent.exchange;

/**
 * One account's balances, per asset id: available to trade or withdraw, and reserved by resting orders.
 */
final class Account
{
    final long id;
    final long[] available;
    final long[] reserved;

    Account(final long id, final int maxAssets)
    {
        this.id = id;
        this.available = new long[maxAssets];
        this.reserved = new long[maxAssets];
    }
}
