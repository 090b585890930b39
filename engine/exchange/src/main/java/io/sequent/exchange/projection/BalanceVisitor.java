package io.sequent.exchange.projection;

/**
 * Receives the balances of a {@link BalanceProjection}, one account and asset at a time.
 */
@FunctionalInterface
public interface BalanceVisitor
{
    /**
     * @param accountId account.
     * @param assetId   asset.
     * @param available available balance.
     * @param reserved  reserved balance.
     */
    void onBalance(long accountId, int assetId, long available, long reserved);
}
