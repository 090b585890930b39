package io.sequent.bench;

import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

/**
 * The exchange's account commands as a {@link FixedRateLoad.Source}: opens accounts, then a seeded mix of deposits
 * and withdrawals, some of which the engine must reject (too large, or to an account that does not exist). Keeps
 * its own ledger of what the server accepted, so the caller can check the server's state against it.
 */
public final class AccountWorkload implements FixedRateLoad.Source
{
    private static final byte DEPOSIT = 0;
    private static final byte WITHDRAW = 1;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final int accounts;
    private final byte[] kind;
    private final int[] asset;
    private final long[] amount;
    private final long[] netByAsset;

    /**
     * @param accounts accounts opened first (ids 1..accounts).
     * @param commands deposits and withdrawals after that.
     * @param assets   assets they spread over (ids 0..assets-1).
     * @param seed     of the mix.
     */
    public AccountWorkload(final int accounts, final int commands, final int assets, final long seed)
    {
        this.accounts = accounts;
        this.kind = new byte[accounts + commands];
        this.asset = new int[accounts + commands];
        this.amount = new long[accounts + commands];
        this.netByAsset = new long[assets];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = accounts; i < kind.length; i++)
        {
            kind[i] = random.nextInt(100) < 60 ? DEPOSIT : WITHDRAW;
            asset[i] = random.nextInt(assets);
            // Withdrawals are drawn from a wider range than deposits, so some exceed the balance.
            amount[i] = kind[i] == DEPOSIT ? 1 + random.nextInt(10_000) : 1 + random.nextInt(25_000);
        }
    }

    @Override
    public int count()
    {
        return kind.length;
    }

    @Override
    public int setupCount()
    {
        return accounts;
    }

    @Override
    public int encode(final int index, final MutableDirectBuffer into)
    {
        if (index < accounts)
        {
            return commands.openAccount(into, 0, index + 1L);
        }
        final long account = accountOf(index);
        return kind[index] == DEPOSIT ?
            commands.deposit(into, 0, account, asset[index], amount[index]) :
            commands.withdraw(into, 0, account, asset[index], amount[index]);
    }

    private long accountOf(final int index)
    {
        // 1 command in 50 names an account one past the last: UNKNOWN_ACCOUNT.
        final int slot = (int)((index * 2654435761L) & 0x7FFFFFFF);
        return slot % 50 == 0 ? accounts + 1L : 1 + slot % accounts;
    }

    @Override
    public void onOutcome(final int index, final long sequence, final int reason)
    {
        if (reason == 0 && index >= accounts)
        {
            netByAsset[asset[index]] += kind[index] == DEPOSIT ? amount[index] : -amount[index];
        }
    }

    /**
     * @return per asset, accepted deposits minus accepted withdrawals so far.
     */
    public long[] netByAsset()
    {
        return netByAsset.clone();
    }
}
