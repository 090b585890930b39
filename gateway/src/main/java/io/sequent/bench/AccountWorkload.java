package io.sequent.bench;

import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClient;
import io.sequent.client.SequentClientException;
import io.sequent.exchange.ExchangeCommands;
import org.HdrHistogram.Histogram;
import org.agrona.BufferUtil;
import org.agrona.collections.Int2IntCounterMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fixed-rate client workload over the exchange's account commands: opens accounts, then sends a seeded mix of
 * deposits and withdrawals (some of which the engine must reject) at a fixed rate, and measures every command's
 * round trip from the time it was <em>meant</em> to be sent, so a stall counts against every command it delayed
 * (coordinated omission corrected).
 * <p>
 * Keeps its own ledger of what the server accepted so the caller can check the server's state against it.
 */
public final class AccountWorkload implements ResponseListener
{
    private static final byte DEPOSIT = 0;
    private static final byte WITHDRAW = 1;
    private static final byte OPEN = 2;

    private final Settings settings;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(256, 64));
    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    private final Int2IntCounterMap rejectsByReason = new Int2IntCounterMap(0);
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 5, 10_000, 100_000);
    private final long[] intendedNs;
    private final byte[] kind;
    private final int[] asset;
    private final long[] amount;
    private final boolean[] answered;
    private final long[] netByAsset;
    private long correlationBase;
    private int received;
    private int accepted;
    private long lastSequence;
    private long lastResponseNs;

    /**
     * @param settings the workload's shape.
     */
    public AccountWorkload(final Settings settings)
    {
        this.settings = settings;
        final int total = settings.accounts + settings.commands;
        intendedNs = new long[total];
        kind = new byte[total];
        asset = new int[total];
        amount = new long[total];
        answered = new boolean[total];
        netByAsset = new long[settings.assets];
    }

    /**
     * Runs the workload to completion: every command sent and answered.
     *
     * @param client connected client; this workload becomes its response listener's delegate.
     * @return the measurements.
     */
    public Result run(final SequentClient client)
    {
        correlationBase = client.nextCorrelationId();
        for (int i = 0; i < settings.accounts + settings.commands; i++)
        {
            client.nextCorrelationId();
        }
        plan();

        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / settings.ratePerSecond;
        final int total = settings.accounts + settings.commands;
        final long timeoutNs = TimeUnit.SECONDS.toNanos(settings.timeoutSeconds);
        final long start = System.nanoTime();
        long accountsOpenedNs = 0;
        int sent = 0;
        long firstTimedNs = 0;
        while (received < total)
        {
            final long now = System.nanoTime();
            final int sentBefore = sent;
            if (now - start > timeoutNs)
            {
                throw new SequentClientException("workload did not finish in " + settings.timeoutSeconds +
                    " s: sent " + sent + ", answered " + received + " of " + total);
            }
            // Accounts are opened first, as fast as the window allows; the mix then runs at the fixed rate.
            if (sent < settings.accounts)
            {
                while (sent < settings.accounts && sent - received < settings.maxInFlight)
                {
                    intendedNs[sent] = System.nanoTime();
                    if (!send(client, sent))
                    {
                        break;
                    }
                    sent++;
                }
            }
            else if (received >= settings.accounts || sent > settings.accounts)
            {
                if (firstTimedNs == 0)
                {
                    accountsOpenedNs = now - start;
                    firstTimedNs = now;
                }
                while (sent < total && sent - received < settings.maxInFlight)
                {
                    final long intended = firstTimedNs + (sent - settings.accounts) * intervalNs;
                    if (intended > System.nanoTime())
                    {
                        break;
                    }
                    intendedNs[sent] = intended;
                    if (!send(client, sent))
                    {
                        break;
                    }
                    sent++;
                }
            }
            // Back off when idle: on a small machine a spinning client starves the server's threads.
            idle.idle(client.poll() + sent - sentBefore);
        }
        final long timedNs = lastResponseNs - firstTimedNs;
        return new Result(settings, histogram.copy(), accepted, received - accepted, rejectsByReason,
            netByAsset.clone(), lastSequence, accountsOpenedNs, timedNs);
    }

    private void plan()
    {
        final SplittableRandom random = new SplittableRandom(settings.seed);
        for (int i = 0; i < settings.accounts; i++)
        {
            kind[i] = OPEN;
        }
        for (int i = settings.accounts; i < kind.length; i++)
        {
            final int roll = random.nextInt(100);
            kind[i] = roll < 60 ? DEPOSIT : WITHDRAW;
            asset[i] = random.nextInt(settings.assets);
            // Withdrawals are drawn from a wider range than deposits so that some exceed the balance and are
            // rejected; a few go to accounts that do not exist.
            amount[i] = kind[i] == DEPOSIT ? 1 + random.nextInt(10_000) : 1 + random.nextInt(25_000);
        }
    }

    private boolean send(final SequentClient client, final int index)
    {
        final int length = encode(index);
        final long result = client.offer(correlationBase + index, buffer, 0, length);
        if (result < 0 && result != SequentClient.BACK_PRESSURED && result != io.aeron.Publication.ADMIN_ACTION)
        {
            throw new SequentClientException("cannot send to the server: Aeron offer returned " + result);
        }
        return result > 0;
    }

    private int encode(final int index)
    {
        final long account = accountOf(index);
        return switch (kind[index])
        {
            case OPEN -> commands.openAccount(buffer, 0, index + 1L);
            case DEPOSIT -> commands.deposit(buffer, 0, account, asset[index], amount[index]);
            default -> commands.withdraw(buffer, 0, account, asset[index], amount[index]);
        };
    }

    private long accountOf(final int index)
    {
        // 1 command in 50 names an account one past the last: UNKNOWN_ACCOUNT.
        final int slot = (int)((index * 2654435761L) & 0x7FFFFFFF);
        return slot % 50 == 0 ? settings.accounts + 1L : 1 + slot % settings.accounts;
    }

    @Override
    public void onResponse(final long correlationId, final long sequence, final long timestamp, final int reason)
    {
        final long now = System.nanoTime();
        final int index = (int)(correlationId - correlationBase);
        if (index < 0 || index >= answered.length || answered[index])
        {
            throw new IllegalStateException("unexpected or duplicate response, correlation id " + correlationId);
        }
        answered[index] = true;
        received++;
        lastResponseNs = now;
        lastSequence = Math.max(lastSequence, sequence);
        if (index >= settings.accounts + settings.warmupCommands)
        {
            histogram.recordValue(Math.min(now - intendedNs[index], histogram.getHighestTrackableValue()));
        }
        if (reason == 0)
        {
            accepted++;
            if (kind[index] == DEPOSIT)
            {
                netByAsset[asset[index]] += amount[index];
            }
            else if (kind[index] == WITHDRAW)
            {
                netByAsset[asset[index]] -= amount[index];
            }
        }
        else
        {
            rejectsByReason.incrementAndGet(reason);
        }
    }

    /**
     * The workload's shape.
     *
     * @param accounts       accounts opened first.
     * @param commands       deposits and withdrawals sent after that, at the fixed rate.
     * @param warmupCommands of those, how many are not measured.
     * @param ratePerSecond  the fixed send rate.
     * @param assets         assets deposits and withdrawals spread over.
     * @param maxInFlight    commands sent and not yet answered, at most.
     * @param seed           of the command mix.
     * @param timeoutSeconds to give up after.
     */
    public record Settings(
        int accounts, int commands, int warmupCommands, int ratePerSecond, int assets, int maxInFlight, long seed,
        int timeoutSeconds)
    {
        /**
         * Checks the shape.
         */
        public Settings
        {
            if (accounts < 1 || commands < 1 || ratePerSecond < 1 || assets < 1 || maxInFlight < 1 ||
                warmupCommands < 0 || warmupCommands >= commands)
            {
                throw new IllegalArgumentException("invalid workload settings: " + this);
            }
        }
    }

    /**
     * What a run measured.
     *
     * @param settings         the shape it ran with.
     * @param latency          round trips in ns, from intended send time to response, warm-up excluded.
     * @param accepted         commands accepted, account openings included.
     * @param rejected         commands rejected.
     * @param rejectsByReason  rejections counted by reason code.
     * @param netByAsset       per asset, accepted deposits minus accepted withdrawals.
     * @param lastSequence     the highest journal sequence any response carried.
     * @param accountsOpenedNs time to open the accounts.
     * @param timedNs          time from the first fixed-rate send to the last response.
     */
    public record Result(
        Settings settings,
        Histogram latency,
        int accepted,
        int rejected,
        Int2IntCounterMap rejectsByReason,
        long[] netByAsset,
        long lastSequence,
        long accountsOpenedNs,
        long timedNs)
    {
        /**
         * @return fixed-rate commands answered per second.
         */
        public double throughput()
        {
            return settings.commands() * 1e9 / timedNs;
        }
    }
}
