package io.sequent.gateway;

import io.sequent.client.SequentClient;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;

/**
 * With a tiny command ring and a slow sequencer, the gateway stops taking from Aeron, Aeron's flow control pushes
 * back to the client, and the client sees it through {@link SequentClient#offer}; nothing is dropped.
 */
class BackPressureTest
{
    private static final int DEPOSITS = 3_000;

    @TempDir
    Path dir;

    @Test
    void aFullCommandRingPushesBackToTheClientAndNothingIsDropped()
    {
        final ExchangeCommands commands = new ExchangeCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final LongHashSet answered = new LongHashSet();
        final long[] accepted = { 0 };
        final ExchangeState state;
        long backPressured = 0;
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.engine(new EngineContext<ExchangeState>()
            .dataDir(dir).module(new ExchangeModule())
            .journalSegmentLength(1 << 20).commandRingSize(4).domain(SlowDomain::new))))
        {
            try (SequentClient client = SequentClient.connect(TestServers.client(server, 1,
                (correlationId, sequence, timestamp, reason, detail, duplicate) ->
                {
                    assertTrue(answered.add(correlationId), "one answer per command");
                    accepted[0] += reason == 0 ? 1 : 0;
                })
                // A small term gives the ingress publication a small window, so Aeron's push-back reaches offer soon.
                .ingressChannel(server.ingressChannel() + "|term-length=65536")
                .inFlightWindow(DEPOSITS)))
            {
                assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), Duration.ofSeconds(10))
                    .accepted());
                final int length = commands.deposit(buffer, 0, 1, 0, 1);
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                for (int i = 0; i < DEPOSITS; i++)
                {
                    final long correlationId = client.nextCorrelationId();
                    long result;
                    while ((result = client.offer(correlationId, buffer, 0, length)) < 0)
                    {
                        assertEquals(SequentClient.BACK_PRESSURED, result);
                        backPressured++;
                        client.poll();
                        assertTrue(System.nanoTime() < deadline, "the server drains");
                    }
                }
                while (answered.size() < DEPOSITS)
                {
                    client.poll();
                    assertTrue(System.nanoTime() < deadline, "every deposit is answered");
                }
            }
            assertTrue(server.counters().backPressured().get() > 0, "the gateway stopped taking from Aeron");
            server.close();
            state = (ExchangeState)server.engine().closedState();
        }
        assertTrue(backPressured > 0, "the client saw back-pressure through offer");
        assertEquals(DEPOSITS, accepted[0]);
        assertEquals(DEPOSITS, state.available(1, 0), "every deposit applied once, none dropped");
    }

    /**
     * The exchange, slowed down: a consumer the command ring outpaces.
     */
    static final class SlowDomain implements Domain<ExchangeState>
    {
        private final ExchangeDomain exchange = new ExchangeDomain();

        @Override
        public int commandSchemaId()
        {
            return exchange.commandSchemaId();
        }

        @Override
        public int commandSchemaVersion()
        {
            return exchange.commandSchemaVersion();
        }

        @Override
        public int eventSchemaId()
        {
            return exchange.eventSchemaId();
        }

        @Override
        public int eventSchemaVersion()
        {
            return exchange.eventSchemaVersion();
        }

        @Override
        public ExchangeState newState()
        {
            return exchange.newState();
        }

        @Override
        public void handle(
            final DirectBuffer command,
            final int offset,
            final int length,
            final ExchangeState state,
            final EventAppender events)
        {
            // Spin rather than park: a park on a busy machine can take milliseconds, and the test would crawl.
            final long until = System.nanoTime() + 50_000;
            while (System.nanoTime() < until)
            {
                Thread.onSpinWait();
            }
            exchange.handle(command, offset, length, state, events);
        }

        @Override
        public void apply(final DirectBuffer event, final int offset, final int length, final ExchangeState state)
        {
            exchange.apply(event, offset, length, state);
        }

        @Override
        public long stateHash(final ExchangeState state)
        {
            return exchange.stateHash(state);
        }

        @Override
        public void writeSnapshot(final ExchangeState state, final DataOutput out) throws IOException
        {
            exchange.writeSnapshot(state, out);
        }

        @Override
        public ExchangeState readSnapshot(final DataInput in) throws IOException
        {
            return exchange.readSnapshot(in);
        }
    }
}
