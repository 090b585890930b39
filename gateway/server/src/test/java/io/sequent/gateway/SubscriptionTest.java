package io.sequent.gateway;

import io.aeron.driver.MediaDriver;
import io.sequent.auth.Credentials;
import io.sequent.client.SequentClient;
import io.sequent.client.SubscriptionListener;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.engine.Await;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.journal.JournalReader;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions to the event stream over real Aeron: a subscriber that joins mid-run from the start, one that joins
 * "now", and one across a server restart all end with exactly the journal's domain events from where they started,
 * in order, with no gap and no duplicate; a subscriber that takes nothing is dropped as a slow consumer without
 * slowing the engine and, once it polls again, catches up by itself; bad subscriptions are refused with their
 * reason.
 */
class SubscriptionTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void subscribersFromTheStartAndFromNowSeeExactlyTheJournalsEvents()
    {
        final Recorder fromStart = new Recorder();
        final Recorder fromNow = new Recorder();
        final long firstAfterNow;
        try (SequentServer server = TestServers.launch(dir);
            SequentClient trader = TestServers.connect(server, null);
            SequentClient reader = SequentClient.connect(TestServers.client(server, 2, null)))
        {
            openAndDeposit(trader, 1, 10);
            // Joins mid-run, from the start: catches up from the journal, then live.
            fromStart.id = reader.subscribe(0, SubscriptionScope.ALL, 0, fromStart);
            Await.until("the first subscription catches up", () ->
            {
                reader.poll();
                return fromStart.has(SubscriptionCode.CAUGHT_UP);
            });
            fromNow.id = reader.subscribe(-1, SubscriptionScope.ALL, 0, fromNow);
            Await.until("the second subscription starts", () ->
            {
                reader.poll();
                return fromNow.has(SubscriptionCode.STARTED);
            });
            firstAfterNow = fromNow.startedAt;
            openAndDeposit(trader, 2, 10);
            final long last = trader.send(buffer, 0, commands.deposit(buffer, 0, 2, 0, 1), TIMEOUT).sequence();
            Await.until("both subscribers reach the last command", () ->
            {
                reader.poll();
                return fromStart.lastSequence() >= last - 1 && fromNow.lastSequence() >= last - 1;
            });
        }
        final List<String> journal = domainEvents(1);
        assertEquals(journal, fromStart.events, "from the start: every domain event, in order, once");
        assertEquals(domainEvents(firstAfterNow), fromNow.events, "from now: every event after it, once");
        assertTrue(fromNow.events.size() >= 12 && fromNow.events.size() < journal.size(),
            "the second saw only the later events: " + fromNow.events.size() + " of " + journal.size());
    }

    @Test
    void aSubscriberCarriesOnFromWhereItWasAcrossAServerRestart()
    {
        final Recorder recorder = new Recorder();
        final String ingress = fixedPort();
        // The reader has a driver of its own, so it outlives the server's.
        try (MediaDriver readerDriver = EmbeddedDriver.launch(null);
            SequentServer server = TestServers.launch(dir, ctx -> ctx.ingressChannel(ingress)))
        {
            final SequentClient reader = SequentClient.connect(TestServers.client(server, 2, null)
                .aeronDirectoryName(readerDriver.aeronDirectoryName())
                .livenessTimeout(Duration.ofSeconds(2)));
            try (SequentClient trader = TestServers.connect(server, null))
            {
                openAndDeposit(trader, 1, 20);
                recorder.id = reader.subscribe(1, SubscriptionScope.ALL, 0, recorder);
                Await.until("caught up", () ->
                {
                    reader.poll();
                    return recorder.has(SubscriptionCode.CAUGHT_UP);
                });
            }
            server.close();
            reader.poll();
            // Restarted on the same journal and port: the client reconnects and subscribes again from its place.
            try (SequentServer again = TestServers.launch(dir, ctx -> ctx.ingressChannel(ingress));
                SequentClient trader = SequentClient.connect(TestServers.client(again, 1, null)))
            {
                final long last = trader.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, 5), TIMEOUT).sequence();
                Await.until("the reader gets the events after the restart", () ->
                {
                    reader.poll();
                    return recorder.lastSequence() >= last - 1;
                });
                assertTrue(recorder.codes.stream().filter(c -> c == SubscriptionCode.STARTED).count() >= 2,
                    "subscribed again after the restart: " + recorder.codes);
            }
            finally
            {
                reader.close();
            }
        }
        assertEquals(domainEvents(1), recorder.events, "no gap and no duplicate across the restart");
    }

    @Test
    void aSubscriberThatTakesNothingIsDroppedAndCatchesUpWhenItPollsAgain()
    {
        final Recorder recorder = new Recorder();
        // The reader's session must outlive its silence: only its subscription is to go.
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.subscriptionSlowMs(300)
            .sessionTimeoutMs(600_000));
            SequentClient trader = TestServers.connect(server, null);
            SequentClient reader = SequentClient.connect(TestServers.client(server, 2, null)
                .livenessTimeout(Duration.ofMinutes(5)).keepaliveInterval(Duration.ofMinutes(1))))
        {
            trader.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT);
            recorder.id = reader.subscribe(-1, SubscriptionScope.ALL, 0, recorder);
            Await.until("started", () ->
            {
                reader.poll();
                return recorder.has(SubscriptionCode.STARTED);
            });
            // The reader stops polling while far more events than its egress holds are journaled; the engine does
            // not wait for it.
            long last = 0;
            for (int i = 0; i < 60_000; i++)
            {
                last = offerDeposit(trader, i);
            }
            final long lastSequence = last;
            Await.until("the trader's commands are all answered", () ->
            {
                trader.poll();
                return server.counters().commandsAccepted().get() >= 60_001;
            });
            Await.until("the server drops the subscriber", () -> server.counters().subscriptionsDropped().get() > 0);
            Await.until("the reader catches up by itself", () ->
            {
                reader.poll();
                return recorder.events.size() >= 60_000;
            });
            assertTrue(recorder.has(SubscriptionCode.DROPPED));
            assertEquals(SubscriptionReason.SLOW_CONSUMER, recorder.droppedBecause);
            assertTrue(lastSequence > 0);
        }
        final List<String> journal = domainEvents(1);
        assertEquals(journal.subList(1, journal.size()), recorder.events, "every event once, in order");
    }

    @Test
    void badSubscriptionsAreRefusedWithTheirReason()
    {
        final Credentials credentials = TestServers.credentials().add(9, TestServers.secret(9), Credentials.TRADE);
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.credentials(credentials).maxSubscriptions(
            64, 2));
            SequentClient tradeOnly = SequentClient.connect(TestServers.client(server, 9, null));
            SequentClient reader = SequentClient.connect(TestServers.client(server, 2, null)))
        {
            assertEquals(SubscriptionReason.NOT_PERMITTED, refusal(tradeOnly, 0, SubscriptionScope.ALL));
            assertEquals(SubscriptionReason.BEYOND_HEAD, refusal(reader, 1_000_000, SubscriptionScope.ALL));
            final Recorder first = new Recorder();
            final Recorder second = new Recorder();
            first.id = reader.subscribe(-1, SubscriptionScope.ALL, 0, first);
            second.id = reader.subscribe(-1, SubscriptionScope.ALL, 0, second);
            Await.until("two started", () ->
            {
                reader.poll();
                return first.has(SubscriptionCode.STARTED) && second.has(SubscriptionCode.STARTED);
            });
            assertEquals(SubscriptionReason.TOO_MANY, refusal(reader, -1, SubscriptionScope.ALL));
            reader.unsubscribe(first.id);
            Await.until("ended", () ->
            {
                reader.poll();
                return first.has(SubscriptionCode.ENDED);
            });
            Await.until("one subscription left open", () -> server.counters().subscriptionsOpen().get() == 1);
        }
    }

    private static SubscriptionReason refusal(
        final SequentClient client, final long from, final SubscriptionScope scope)
    {
        final Recorder recorder = new Recorder();
        recorder.id = client.subscribe(from, scope, 0, recorder);
        Await.until("an answer to subscription " + recorder.id, () ->
        {
            client.poll();
            return recorder.has(SubscriptionCode.REFUSED) || recorder.has(SubscriptionCode.STARTED);
        });
        assertTrue(recorder.has(SubscriptionCode.REFUSED), "refused: " + recorder.codes);
        return recorder.refusedBecause;
    }

    private void openAndDeposit(final SequentClient trader, final long account, final int deposits)
    {
        assertTrue(trader.send(buffer, 0, commands.openAccount(buffer, 0, account), TIMEOUT).accepted());
        for (int i = 0; i < deposits; i++)
        {
            assertTrue(trader.send(buffer, 0, commands.deposit(buffer, 0, account, i % 3, 100 + i), TIMEOUT)
                .accepted());
        }
    }

    private long offerDeposit(final SequentClient trader, final int i)
    {
        final int length = commands.deposit(buffer, 0, 1, i % 3, 1 + i);
        final long correlationId = trader.nextCorrelationId();
        long result;
        while ((result = trader.offer(correlationId, buffer, 0, length)) < 0)
        {
            trader.poll();
        }
        return result;
    }

    /**
     * @return every domain event of the journal from a sequence, as "sequence:bytes".
     */
    private List<String> domainEvents(final long from)
    {
        final List<String> events = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            reader.read(from, (sequence, timestamp, frame, offset, length) ->
            {
                if (!CommandRecords.isRecord(frame, offset, length))
                {
                    events.add(Recorder.text(sequence, frame, offset, length));
                }
            });
        }
        return events;
    }

    private static String fixedPort()
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0))
        {
            return "aeron:udp?endpoint=localhost:" + socket.getLocalPort();
        }
        catch (final java.net.SocketException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static final class Recorder implements SubscriptionListener
    {
        final List<String> events = new ArrayList<>();
        final List<SubscriptionCode> codes = new ArrayList<>();
        long id;
        long startedAt;
        long last;
        SubscriptionReason refusedBecause;
        SubscriptionReason droppedBecause;

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
            assertEquals(id, subscriptionId);
            events.add(text(sequence, event, offset, length));
            last = sequence;
        }

        @Override
        public void onStatus(
            final long subscriptionId, final SubscriptionCode code, final SubscriptionReason reason,
            final long position, final String detail)
        {
            codes.add(code);
            if (code == SubscriptionCode.STARTED && startedAt == 0)
            {
                startedAt = position;
            }
            if (code == SubscriptionCode.REFUSED)
            {
                refusedBecause = reason;
            }
            if (code == SubscriptionCode.DROPPED)
            {
                droppedBecause = reason;
            }
        }

        boolean has(final SubscriptionCode code)
        {
            return codes.contains(code);
        }

        long lastSequence()
        {
            return last;
        }
    }
}
