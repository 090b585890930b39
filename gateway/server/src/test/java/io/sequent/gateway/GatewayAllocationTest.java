package io.sequent.gateway;

import io.sequent.client.SequentClient;
import io.sequent.engine.EngineContext;
import io.sequent.engine.ThreadingMode;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's hot path allocates nothing per command: with the gateway on a thread of its own, the bytes that
 * thread allocates while it takes thousands of commands off the ingress, offers them to the engine and sends their
 * outcomes back (accepted and rejected alike) stay below one byte a command. An allocation per command, however
 * small, is at least 16 bytes a command.
 */
class GatewayAllocationTest
{
    private static final int WARM_UP = 2_000;
    private static final int COMMANDS = 20_000;
    private static final long DEADLINE_NS = Duration.ofSeconds(120).toNanos();

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private long answered;

    @Test
    void theCommandAndResponsePathsAllocateNothingPerCommand()
    {
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.engine(new EngineContext<ExchangeState>()
            .dataDir(dir).module(new ExchangeModule()).journalSegmentLength(8 << 20)
            .threadingMode(ThreadingMode.DEDICATED)));
            SequentClient client = SequentClient.connect(TestServers.client(server, TestServers.CLIENT_ID,
                (correlationId, sequence, timestamp, reason, detail, duplicate) -> answered++)))
        {
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), Duration.ofSeconds(10))
                .accepted());
            final Thread gateway = thread("sequent-gateway");
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

            // The first of each kind creates what is made once (a reason's counter, the assembler's buffers).
            sendAndAwait(client, WARM_UP);
            final long before = threads.getThreadAllocatedBytes(gateway.getId());
            sendAndAwait(client, COMMANDS);
            final long allocated = threads.getThreadAllocatedBytes(gateway.getId()) - before;

            assertEquals(1 + WARM_UP + COMMANDS, server.counters().commandsReceived().get());
            assertTrue(allocated < COMMANDS, "the gateway thread allocated " + allocated + " bytes for " + COMMANDS +
                " commands");
        }
    }

    /**
     * Sends deposits and over-large withdrawals in turn, so both outcomes travel, and waits for every answer.
     */
    private void sendAndAwait(final SequentClient client, final int count)
    {
        final long expected = answered + count;
        final long deadline = System.nanoTime() + DEADLINE_NS;
        for (int i = 0; i < count; i++)
        {
            final int length = (i & 1) == 0 ? commands.deposit(buffer, 0, 1, 0, 1) :
                commands.withdraw(buffer, 0, 1, 0, Long.MAX_VALUE / 2);
            final long correlationId = client.nextCorrelationId();
            while (client.offer(correlationId, buffer, 0, length) < 0)
            {
                client.poll();
                assertTrue(System.nanoTime() < deadline, "the server takes the commands");
            }
        }
        while (answered < expected)
        {
            client.poll();
            assertTrue(System.nanoTime() < deadline, "every command is answered");
        }
    }

    private static Thread thread(final String name)
    {
        Thread found = null;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (name.equals(thread.getName()))
            {
                found = thread;
            }
        }
        assertNotNull(found, "a thread named " + name);
        return found;
    }
}
