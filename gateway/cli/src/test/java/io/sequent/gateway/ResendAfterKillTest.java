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
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.client.SubscriptionListener;
import io.sequent.journal.JournalReader;
import io.sequent.engine.ledger.CommandRecords;
import org.agrona.DirectBuffer;
import java.util.List;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Exactly once across a server crash: a client streams deposits to a server in a child JVM, the server is killed
 * with SIGKILL with deposits in flight and restarted on the same directory and port; the client notices, reconnects
 * by itself as the same client id and sends again what was not answered. Every deposit must be applied exactly
 * once: each account's balance equals the client's own count of the deposits it sent there. Two subscribers to the
 * event stream, one from the start and one that joins mid-run, carry on across the kill by themselves: each ends
 * with exactly the journal's events, in order, no gap and no duplicate.
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
    private final List<List<String>> events = new ArrayList<>();
    private int duplicates;
    private long lastAnswered;

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
                lastAnswered = Math.max(lastAnswered, sequence);
            }));
            SequentClient fromStart = subscriber(driver, ingress, 2);
            SequentClient midRun = subscriber(driver, ingress, 3))
        {
            final EventRecorder early = new EventRecorder();
            final EventRecorder late = new EventRecorder();
            fromStart.subscribe(1, SubscriptionScope.ALL, 0, early);
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
                fromStart.poll();
                midRun.poll();
                if (!late.subscribed && answered.size() >= KILL_AFTER_ANSWERS / 2)
                {
                    late.subscribed = true;
                    midRun.subscribe(1, SubscriptionScope.ALL, 0, late);
                }
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
            final long lastEvent = lastAnswered - 1;
            while (early.last < lastEvent || late.last < lastEvent)
            {
                assertTrue(System.nanoTime() < deadline, "subscribers at " + early.last + " and " + late.last +
                    " of " + lastEvent + ": " + fromStart.lastProblem() + ", " + midRun.lastProblem());
                fromStart.poll();
                midRun.poll();
                client.poll();
            }
            events.add(early.events);
            events.add(late.events);
            assertTrue(client.reconnects() >= 1, "the client reconnected by itself");
            assertTrue(fromStart.reconnects() >= 1 && midRun.reconnects() >= 1, "the subscribers reconnected");
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

        final List<String> journal = domainEvents(data.resolve("journal"));
        assertEquals(journal, events.get(0), "the subscriber from the start has the journal's events");
        assertEquals(journal, events.get(1), "the subscriber that joined mid-run has them too");

        try (Engine<ExchangeState> engine = Engine.launch(
            new EngineContext<ExchangeState>().dataDir(data).module(new ExchangeModule())))
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

    private static SequentClient subscriber(final MediaDriver driver, final String ingress, final long clientId)
    {
        return SequentClient.connect(new ClientContext()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .ingressChannel(ingress)
            .clientId(clientId)
            .secret(TestServers.secret(clientId))
            .keepaliveInterval(Duration.ofMillis(100))
            .livenessTimeout(Duration.ofSeconds(1))
            .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
            .responseListener((correlationId, sequence, timestamp, reason, detail, duplicate) ->
            {
            }));
    }

    /**
     * @return every domain event of the journal, as "sequence:bytes".
     */
    private static List<String> domainEvents(final Path journalDir)
    {
        final List<String> found = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            reader.read(1, (sequence, timestamp, frame, offset, length) ->
            {
                if (!CommandRecords.isRecord(frame, offset, length))
                {
                    found.add(EventRecorder.text(sequence, frame, offset, length));
                }
            });
        }
        return found;
    }

    /** What a subscription delivered, as "sequence:bytes". */
    private static final class EventRecorder implements SubscriptionListener
    {
        final List<String> events = new ArrayList<>();
        long last;
        boolean subscribed;

        static String text(final long sequence, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return sequence + ":" + Arrays.toString(bytes);
        }

        @Override
        public void onEvent(
            final long subscriptionId, final long sequence, final long timestamp, final DirectBuffer event,
            final int offset, final int length)
        {
            events.add(text(sequence, event, offset, length));
            last = sequence;
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
