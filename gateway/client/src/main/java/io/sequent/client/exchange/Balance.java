package io.sequent.client.exchange;

/**
 * One asset's balances of an account, from the server's read model.
 *
 * @param accountId the account.
 * @param assetId   the asset.
 * @param available free to trade or withdraw (scaled units).
 * @param reserved  held by resting orders.
 */
public record Balance(long accountId, int assetId, long available, long reserved)
{
}
