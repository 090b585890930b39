package io.sequent.exchange;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The exchange's in-memory state: accounts and their balances per asset. Owned by the sequencer thread while the
 * engine runs; changed only by {@link ExchangeDomain#apply}.
 */
public final class ExchangeState
{
    /** Asset ids are in [0, maxAssets). */
    public static final int DEFAULT_MAX_ASSETS = 16;
    /** Accounts the state holds at most, so memory stays bounded. */
    public static final int DEFAULT_MAX_ACCOUNTS = 1_000_000;

    private final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();
    private final int maxAssets;
    private final int maxAccounts;

    /**
     * @param maxAssets   asset ids are in [0, maxAssets).
     * @param maxAccounts accounts at most.
     */
    public ExchangeState(final int maxAssets, final int maxAccounts)
    {
        this.maxAssets = maxAssets;
        this.maxAccounts = maxAccounts;
    }

    /**
     * @param accountId account.
     * @return whether it is open.
     */
    public boolean hasAccount(final long accountId)
    {
        return accounts.containsKey(accountId);
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return available balance, 0 for an unknown account or asset.
     */
    public long available(final long accountId, final int assetId)
    {
        final Account account = accounts.get(accountId);
        return account == null || !isAsset(assetId) ? 0 : account.available[assetId];
    }

    /**
     * @param accountId account.
     * @param assetId   asset.
     * @return reserved balance, 0 for an unknown account or asset.
     */
    public long reserved(final long accountId, final int assetId)
    {
        final Account account = accounts.get(accountId);
        return account == null || !isAsset(assetId) ? 0 : account.reserved[assetId];
    }

    /**
     * @return accounts open.
     */
    public int accountCount()
    {
        return accounts.size();
    }

    /**
     * @param assetId asset.
     * @return the sum of available and reserved balances of that asset over all accounts.
     */
    public long totalBalance(final int assetId)
    {
        long total = 0;
        for (final Account account : accounts.values())
        {
            total += account.available[assetId] + account.reserved[assetId];
        }
        return total;
    }

    /**
     * @return asset ids are in [0, maxAssets).
     */
    public int maxAssets()
    {
        return maxAssets;
    }

    /**
     * @return accounts at most.
     */
    public int maxAccounts()
    {
        return maxAccounts;
    }

    boolean isAsset(final int assetId)
    {
        return assetId >= 0 && assetId < maxAssets;
    }

    Account account(final long accountId)
    {
        return accounts.get(accountId);
    }

    void open(final long accountId)
    {
        accounts.put(accountId, new Account(accountId, maxAssets));
    }

    Long2ObjectHashMap<Account> accounts()
    {
        return accounts;
    }
}
