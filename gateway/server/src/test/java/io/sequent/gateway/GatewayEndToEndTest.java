package io.sequent.gateway;

import io.sequent.client.CommandResult;
import io.sequent.client.SequentClient;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;

/**
 * Commands over real Aeron UDP, through the real engine, journal and projection.
 */
class GatewayEndToEndTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void accountsDepositsAndARejectedWithdrawalMatchedByCorrelationId()
    {
        final Long2LongHashMap reasons = new Long2LongHashMap(-1);
        final long[] lastSequence = { 0 };
        final ExchangeState state;
        try (SequentServer server = TestServers.launch(dir))
        {
            try (SequentClient client = TestServers.connect(server, (correlationId, sequence, timestamp, reason,
                detail, duplicate) ->
            {
                assertEquals(-1, reasons.put(correlationId, reason), "one response per command");
                if (reason == 0)
                {
                    // An accepted command's response names its record; its (one) event is the entry before.
                    lastSequence[0] = Math.max(lastSequence[0], sequence - 1);
                }
            }))
            {
                assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
                assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 2), TIMEOUT).accepted());
                final CommandResult deposit = client.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, 500), TIMEOUT);
                assertTrue(deposit.accepted());
                assertTrue(deposit.sequence() >= 6, "three events and their records journaled by then");
                assertTrue(deposit.timestamp() > 0);

                final CommandResult tooMuch = client.send(buffer, 0, commands.withdraw(buffer, 0, 1, 0, 501), TIMEOUT);
                assertEquals(ExchangeReasons.INSUFFICIENT_FUNDS, tooMuch.reason());
                final CommandResult unknown = client.send(buffer, 0, commands.deposit(buffer, 0, 9, 0, 1), TIMEOUT);
                assertEquals(ExchangeReasons.UNKNOWN_ACCOUNT, unknown.reason());
                assertTrue(client.send(buffer, 0, commands.withdraw(buffer, 0, 1, 0, 200), TIMEOUT).accepted());

                // Pipelined: 1,000 deposits in flight at once, each answered once, matched by correlation id.
                final long first = client.nextCorrelationId();
                for (int i = 0; i < 1_000; i++)
                {
                    final long correlationId = i == 0 ? first : client.nextCorrelationId();
                    final int length = commands.deposit(buffer, 0, 1 + (i & 1), 1, i % 3 == 0 ? -1 : 10);
                    while (client.offer(correlationId, buffer, 0, length) < 0)
                    {
                        client.poll();
                    }
                }
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (reasons.size() < 1_000 && System.nanoTime() < deadline)
                {
                    client.poll();
                }
                assertEquals(1_000, reasons.size());
                for (int i = 0; i < 1_000; i++)
                {
                    final int expected = i % 3 == 0 ? ExchangeReasons.NON_POSITIVE_AMOUNT : 0;
                    assertEquals(expected, reasons.get(first + i), "command " + i);
                }
            }

            // The projection, read from its file while the server runs, catches up to the last accepted event.
            try (BalanceProjection view = BalanceProjection.open(ExchangeModule.balancesFile(dir)))
            {
                final long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (view.lastAppliedSequence() < lastSequence[0] && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
                assertEquals(300, view.available(1, 0));
                assertEquals(333 * 10, view.available(1, 1));
                assertEquals(333 * 10, view.available(2, 1));
            }
            assertEquals(0, server.counters().malformedDropped().get());
            server.close();
            state = (ExchangeState)server.engine().closedState();
        }
        assertEquals(300, state.available(1, 0));
        assertEquals(300, state.totalBalance(0), "asset 0: 500 deposited - 200 withdrawn");
        assertEquals(666 * 10, state.totalBalance(1), "asset 1: 666 deposits of 10");
        assertFalse(state.hasAccount(9));
    }

    @Test
    void aRestartedServerHasTheSameStateAndServesOn()
    {
        final long hash;
        try (SequentServer server = TestServers.launch(dir))
        {
            try (SequentClient client = TestServers.connect(server, null))
            {
                for (int account = 1; account <= 20; account++)
                {
                    assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account), TIMEOUT).accepted());
                    assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, account, 2, account * 100L),
                        TIMEOUT).accepted());
                }
            }
            server.close();
            hash = server.engine().stateHash();
        }

        try (SequentServer server = TestServers.launch(dir))
        {
            assertEquals(hash, server.engine().recoveryReport().stateHash());
            assertEquals(80, server.engine().recoveryReport().eventsReplayed(), "40 events and their 40 records");
            try (SequentClient client = TestServers.connect(server, null))
            {
                assertTrue(client.send(buffer, 0, commands.withdraw(buffer, 0, 20, 2, 2_000), TIMEOUT).accepted());
                assertEquals(ExchangeReasons.ACCOUNT_EXISTS,
                    client.send(buffer, 0, commands.openAccount(buffer, 0, 5), TIMEOUT).reason());
            }
            server.close();
            final ExchangeState state = (ExchangeState)server.engine().closedState();
            assertEquals(0, state.available(20, 2));
            assertEquals(100, state.available(1, 2));
            assertEquals(19 * 20 / 2 * 100, state.totalBalance(2));
        }
    }

    @Test
    void clientsOnTheSameDriverCanUseIpc()
    {
        try (SequentServer server = TestServers.launch(dir, ctx -> ctx.ingressChannel("aeron:ipc"));
            SequentClient client = SequentClient.connect(
                TestServers.client(server, TestServers.CLIENT_ID, null).egressChannel("aeron:ipc")))
        {
            assertEquals("aeron:ipc", server.ingressChannel());
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
            assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, 7), TIMEOUT).accepted());
            assertEquals(ExchangeReasons.INSUFFICIENT_FUNDS,
                client.send(buffer, 0, commands.withdraw(buffer, 0, 1, 0, 8), TIMEOUT).reason());
        }
    }
}
