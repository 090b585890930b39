package io.sequent.gateway;

import io.aeron.driver.MediaDriver;
import io.sequent.client.ClientContext;
import io.sequent.client.SequentClient;
import io.sequent.engine.Engine;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.IoUtil;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;

/**
 * Exactly once across a server crash: a client streams deposits to a server in a child JVM, the server is killed
 * with SIGKILL with deposits in flight and restarted on the same directory and port; the client notices, reconnects
 * by itself as the same client id and sends again what was not answered. Every deposit must be applied exactly
 * once: each account's balance equals the client's own count of the deposits it sent there.
 */
class ResendAfterKillTest
{
    private static final int ACCOUNTS = 20;
    private static final int DEPOSITS = 6_000;
    private static final int KILL_AFTER_ANSWERS = 2_000;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final long[] sent = new long[ACCOUNTS + 1];
    private final LongHashSet answered = new LongHashSet();
    private int duplicates;

    @Test
    void everyDepositIsAppliedExactlyOnceAfterKill9AndResend() throws Exception
    {
        final Path data = dir.resolve("data");
        final String ingress = "aeron:udp?endpoint=localhost:" + freePort();
        final MediaDriver driver = EmbeddedDriver.launch(null);
        ServerProcess server = ServerProcess.startOn(data, dir.resolve("server-0.log"), ingress);
        try (SequentClient client = SequentClient.connect(new ClientContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .ingressChannel(ingress)
            .clientId(TestServers.CLIENT_ID)
            .secret(TestServers.secret(TestServers.CLIENT_ID))
            .keepaliveInterval(Duration.ofMillis(100))
            .livenessTimeout(Duration.ofSeconds(1))
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
            {
                assertEquals(0, reason, "deposit " + correlationId);
                assertTrue(answered.add(correlationId), "one answer per deposit: " + correlationId);
                duplicates += duplicate ? 1 : 0;
            })))
        {
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account), Duration.ofSeconds(10))
                    .accepted());
            }
            final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            int deposits = 0;
            boolean killed = false;
            while (deposits < DEPOSITS || answered.size() < DEPOSITS)
            {
                assertTrue(System.nanoTime() < deadline, "sent " + deposits + ", answered " + answered.size() +
                    ", client " + client.state() + ": " + client.lastProblem());
                if (deposits < DEPOSITS && offerDeposit(client, deposits))
                {
                    deposits++;
                }
                client.poll();
                if (!killed && answered.size() >= KILL_AFTER_ANSWERS)
                {
                    // Kill with deposits in flight: sent, not yet answered.
                    for (int i = 0; i < 300 && deposits < DEPOSITS; i++)
                    {
                        if (offerDeposit(client, deposits))
                        {
                            deposits++;
                        }
                    }
                    server.kill9();
                    IoUtil.delete(new File(server.field("aeronDir")), true);
                    server = ServerProcess.startOn(data, dir.resolve("server-1.log"), ingress);
                    killed = true;
                }
            }
            assertTrue(killed);
            assertTrue(client.reconnects() >= 1, "the client reconnected by itself");
            assertTrue(client.resent() > 0, "deposits in flight at the kill were sent again");
            System.out.printf("resent %d commands after the kill, %d answered as duplicates%n", client.resent(),
                duplicates);
        }
        finally
        {
            server.close();
            IoUtil.delete(new File(server.field("aeronDir")), true);
            driver.close();
        }

        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(data).module(new ExchangeModule())))
        {
            engine.close();
            final ExchangeState state = engine.closedState();
            for (int account = 1; account <= ACCOUNTS; account++)
            {
                assertEquals(sent[account], state.available(account, 0), "account " + account);
            }
            assertEquals(DEPOSITS, state.totalBalance(0));
        }
    }

    private boolean offerDeposit(final SequentClient client, final int index)
    {
        final int account = 1 + index % ACCOUNTS;
        final long result = client.offer(client.nextCorrelationId(), buffer, 0,
            commands.deposit(buffer, 0, account, 0, 1));
        if (result > 0)
        {
            sent[account]++;
            return true;
        }
        return false;
    }

    private static int freePort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
