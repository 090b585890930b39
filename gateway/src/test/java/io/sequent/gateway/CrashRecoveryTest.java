package io.sequent.gateway;

import io.aeron.driver.MediaDriver;
import io.sequent.cli.ExchangeNode;
import io.sequent.client.SequentClient;
import io.sequent.engine.Engine;
import io.sequent.exchange.ExchangeCommands;
import io.sequent.exchange.ExchangeState;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server in a child JVM is killed with SIGKILL while a client streams deposits; every deposit the client saw
 * acknowledged must be in the state recovered from the journal, and a restarted server must recover the same state.
 * 3 rounds by default; the soak profile runs 20 ({@code -Dsequent.crash.rounds}).
 */
class CrashRecoveryTest
{
    private static final int ACCOUNTS = 50;
    private static final int ROUNDS = Integer.getInteger("sequent.crash.rounds", 3);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final long[] acked = new long[ACCOUNTS + 1];
    private final long[] sent = new long[ACCOUNTS + 1];

    @Test
    void everyAcknowledgedCommandSurvivesKill9() throws Exception
    {
        final Path data = dir.resolve("data");
        final SplittableRandom random = new SplittableRandom(7);
        final MediaDriver driver = EmbeddedDriver.launch(null);
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                final ServerProcess server = ServerProcess.start(data, dir.resolve("server-" + round + ".log").toAbsolutePath());
                try
                {
                    streamUntilKilled(driver, server, round == 0, 2_000 + random.nextInt(3_000));
                }
                finally
                {
                    server.kill9();
                    IoUtil.delete(new File(server.field("aeronDir")), true);
                }
                final long recoveredHash = checkRecoveredState(data);

                // A real restart of the server recovers the same state.
                final ServerProcess restarted = ServerProcess.start(data, dir.resolve("restart-" + round + ".log"));
                try
                {
                    assertEquals(Long.toHexString(recoveredHash), restarted.field("hash"), "round " + round);
                }
                finally
                {
                    restarted.close();
                    IoUtil.delete(new File(restarted.field("aeronDir")), true);
                }
            }
        }
        finally
        {
            driver.close();
        }
        long total = 0;
        for (final long count : acked)
        {
            total += count;
        }
        assertTrue(total >= ROUNDS * 2_000L, "acknowledged deposits: " + total);
    }

    private void streamUntilKilled(
        final MediaDriver driver, final ServerProcess server, final boolean openAccounts, final int acksBeforeKill)
        throws InterruptedException
    {
        final long[] ackedThisRound = { 0 };
        final long base;
        try (SequentClient client = SequentClient.connect(new SequentClient.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .ingressChannel(server.field("ingress"))
            .clientId(TestServers.CLIENT_ID)
            .secret(TestServers.secret(TestServers.CLIENT_ID))
            .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
            {
                assertEquals(0, reason, "deposit " + correlationId);
                acked[accountOf(correlationId)]++;
                ackedThisRound[0]++;
            })))
        {
            if (openAccounts)
            {
                for (int account = 1; account <= ACCOUNTS; account++)
                {
                    assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account),
                        Duration.ofSeconds(10)).accepted());
                }
            }
            // Deposits of 1 each, with correlation ids whose residue names the account.
            base = client.nextCorrelationId();
            long correlationId = base - base % ACCOUNTS + ACCOUNTS;
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ackedThisRound[0] < acksBeforeKill)
            {
                assertTrue(System.nanoTime() < deadline, "acknowledgements arrive");
                final int account = accountOf(correlationId);
                final int length = commands.deposit(buffer, 0, account, 0, 1);
                if (client.offer(correlationId, buffer, 0, length) > 0)
                {
                    sent[account]++;
                    correlationId++;
                }
                client.poll();
            }
            // Kill with commands in flight: some sent, not yet acknowledged.
            for (int i = 0; i < 200; i++)
            {
                final int account = accountOf(correlationId);
                if (client.offer(correlationId, buffer, 0, commands.deposit(buffer, 0, account, 0, 1)) > 0)
                {
                    sent[account]++;
                    correlationId++;
                }
            }
            server.kill9();
            // Acknowledgements already in the client's egress still count: they were sent after journaling.
            final long drainUntil = System.nanoTime() + Duration.ofMillis(200).toNanos();
            while (System.nanoTime() < drainUntil)
            {
                client.poll();
            }
        }
    }

    private static int accountOf(final long correlationId)
    {
        return 1 + (int)(correlationId % ACCOUNTS);
    }

    private long checkRecoveredState(final Path data)
    {
        try (Engine<ExchangeState> engine = Engine.launch(ExchangeNode.engineContext(data, "NONE")))
        {
            engine.close();
            final ExchangeState state = engine.closedState();
            long total = 0;
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                final long balance = state.available(account, 0);
                assertTrue(balance >= acked[account],
                    "account " + account + ": balance " + balance + " < acknowledged " + acked[account]);
                assertTrue(balance <= sent[account],
                    "account " + account + ": balance " + balance + " > sent " + sent[account]);
                total += balance;
            }
            assertEquals(total, state.totalBalance(0), "no deposit went anywhere else");
            // The deposits that were journaled but not acknowledged are now acknowledged by recovery.
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                acked[account] = state.available(account, 0);
                sent[account] = acked[account];
            }
            return engine.stateHash();
        }
    }
}
