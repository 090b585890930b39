package io.sequent.engine;

import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A seeded stream of exchange account commands: opens accounts, then deposits and withdrawals (some too large,
 * some to unknown accounts, so some are rejected). Keeps, per asset, accepted deposits minus withdrawals.
 */
final class SeededAccountFlow
{
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final int accounts;
    private final int assets;
    private final long[] net;

    SeededAccountFlow(final int accounts, final int assets)
    {
        this.accounts = accounts;
        this.assets = assets;
        this.net = new long[assets];
    }

    /**
     * Runs {@code count} commands after opening the accounts, waiting for each outcome in turn
     * every {@code window} commands.
     */
    void run(final EngineDriver driver, final long seed, final int count, final long firstCorrelationId)
    {
        long correlationId = firstCorrelationId;
        for (int account = 1; account <= accounts; account++)
        {
            driver.offer(correlationId++, buffer, 0, commands.openAccount(buffer, 0, account));
        }
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] kinds = new int[count];
        final int[] assetOf = new int[count];
        final long[] amounts = new long[count];
        final long first = correlationId;
        for (int i = 0; i < count; i++)
        {
            final boolean deposit = random.nextInt(100) < 60;
            final long account = random.nextInt(50) == 0 ? accounts + 1 : 1 + random.nextInt(accounts);
            kinds[i] = deposit ? 1 : -1;
            assetOf[i] = random.nextInt(assets);
            amounts[i] = deposit ? 1 + random.nextInt(10_000) : 1 + random.nextInt(25_000);
            final int length = deposit ?
                commands.deposit(buffer, 0, account, assetOf[i], amounts[i]) :
                commands.withdraw(buffer, 0, account, assetOf[i], amounts[i]);
            driver.offer(correlationId++, buffer, 0, length);
        }
        driver.awaitOutcome(correlationId - 1);
        for (int i = 0; i < count; i++)
        {
            driver.awaitOutcome(first + i);
            if (driver.reason(first + i) == 0)
            {
                net[assetOf[i]] += kinds[i] * amounts[i];
            }
        }
    }

    long net(final int asset)
    {
        return net[asset];
    }

    int assets()
    {
        return assets;
    }
}
