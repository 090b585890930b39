package io.sequent.gateway;

import io.sequent.client.SequentClient;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over the wire: a command sent again with the same correlation id by the same client is answered with its first
 * outcome, flagged duplicate in the {@code CommandResponse}, and applied once.
 */
class DuplicateCommandTest
{
    @TempDir
    Path dir;

    private record Response(long correlationId, long sequence, int reason, boolean duplicate)
    {
    }

    @Test
    void aCommandSentTwiceIsAnsweredTwiceWithTheSameOutcomeAndAppliedOnce()
    {
        final ExchangeCommands commands = new ExchangeCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final List<Response> responses = new ArrayList<>();
        try (SequentServer server = TestServers.launch(dir))
        {
            try (SequentClient client = TestServers.connect(server,
                (correlationId, sequence, timestamp, reason, detail, duplicate) ->
                    responses.add(new Response(correlationId, sequence, reason, duplicate))))
            {
                final long base = client.nextCorrelationId();
                send(client, base, commands.openAccount(buffer, 0, 3), buffer, responses, 1);
                send(client, base + 1, commands.deposit(buffer, 0, 3, 0, 50), buffer, responses, 2);
                send(client, base + 1, commands.deposit(buffer, 0, 3, 0, 50), buffer, responses, 3);
                send(client, base + 2, commands.withdraw(buffer, 0, 3, 0, 80), buffer, responses, 4);
                send(client, base + 2, commands.withdraw(buffer, 0, 3, 0, 80), buffer, responses, 5);
            }
            server.close();
            assertEquals(50, ((ExchangeState)server.engine().closedState()).available(3, 0), "one deposit");
        }
        assertEquals(List.of(
            new Response(responses.get(0).correlationId(), 2, 0, false),
            new Response(responses.get(1).correlationId(), 4, 0, false),
            new Response(responses.get(1).correlationId(), 4, 0, true),
            new Response(responses.get(3).correlationId(), 5, ExchangeReasons.INSUFFICIENT_FUNDS, false),
            new Response(responses.get(3).correlationId(), 5, ExchangeReasons.INSUFFICIENT_FUNDS, true)), responses);
    }

    private static void send(
        final SequentClient client,
        final long correlationId,
        final int length,
        final UnsafeBuffer buffer,
        final List<Response> responses,
        final int expected)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.offer(correlationId, buffer, 0, length) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the command is sent");
            client.poll();
        }
        while (responses.size() < expected)
        {
            assertTrue(System.nanoTime() < deadline, "a response to " + correlationId);
            client.poll();
        }
    }
}
