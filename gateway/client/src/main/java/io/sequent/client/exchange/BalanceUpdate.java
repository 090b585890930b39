package io.sequent.client.exchange;

/**
 * The result of a {@code deposit} or {@code withdraw}.
 *
 * @param accountId      the account.
 * @param assetId        the asset.
 * @param available      the asset's available balance after the transfer (scaled units).
 * @param accountVersion the account's version after it.
 */
public record BalanceUpdate(long accountId, int assetId, long available, long accountVersion)
{
}
