package io.sequent.exchange.projection;

/**
 * Key of the balance projection: one account's holding of one asset. A Chronicle Values interface: Chronicle Map
 * generates a fixed-size implementation, so keys are written without serialisation or allocation.
 */
public interface BalanceKey
{
    /** @return account id. */
    long getAccountId();

    /** @param accountId account id. */
    void setAccountId(long accountId);

    /** @return asset id. */
    int getAssetId();

    /** @param assetId asset id. */
    void setAssetId(int assetId);
}
