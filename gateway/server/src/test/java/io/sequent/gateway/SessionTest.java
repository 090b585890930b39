package io.sequent.gateway;

import io.aeron.Aeron;
import io.sequent.client.SequentClient;
import io.sequent.client.SequentClientException;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionReason;
import io.sequent.codecs.RejectReason;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;

/**
 * Sessions over real Aeron: the challenge-response handshake, refusals with their reasons, one session per client,
 * keepalives and the session timeout, and commands that are not on an open session of their sender.
 */
class SessionTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private SequentServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static void await(final BooleanSupplier condition, final String what, final Runnable poll)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, what);
            poll.run();
            Thread.yield();
        }
    }

    private static void awaitCount(final LongSupplier counter, final long expected)
    {
        await(() -> counter.getAsLong() == expected, "counter reaches " + expected, () -> {});
        assertEquals(expected, counter.getAsLong());
    }

    @Test
    void aClientProvingItsSecretGetsASessionAndIsServed()
    {
        server = TestServers.launch(dir);
        try (SequentClient client = TestServers.connect(server, null))
        {
            assertEquals(SequentClient.State.CONNECTED, client.state());
            assertNotEquals(Long.MIN_VALUE, client.sessionId());
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
            assertEquals(1, server.counters().sessionsOpen().get());
            assertEquals(0, server.counters().authenticationFailures().get());
        }
    }

    @Test
    void aWrongSecretIsRefusedAsABadCredential()
    {
        server = TestServers.launch(dir);
        final SequentClientException refused = assertThrows(SequentClientException.class, () ->
            SequentClient.connect(TestServers.client(server, 1, null).secret(TestServers.secret(2))));
        assertTrue(refused.getMessage().contains(SessionReason.BAD_CREDENTIAL.name()), refused.getMessage());
        assertEquals(1, server.counters().authenticationFailures().get());
        assertEquals(0, server.counters().sessionsOpen().get());
    }

    @Test
    void anUnknownClientIsRefusedAsUnknown()
    {
        server = TestServers.launch(dir);
        final SequentClientException refused = assertThrows(SequentClientException.class, () ->
            SequentClient.connect(TestServers.client(server, 1, null).clientId(99)));
        assertTrue(refused.getMessage().contains(SessionReason.UNKNOWN_CLIENT.name()), refused.getMessage());
        assertEquals(1, server.counters().sessionsRefused().get());
    }

    @Test
    void aClientBeyondTheSessionLimitIsRefusedWithItsReason()
    {
        server = TestServers.launch(dir, ctx -> ctx.maxSessions(1));
        try (SequentClient first = TestServers.connect(server, null))
        {
            final SequentClientException refused = assertThrows(SequentClientException.class, () ->
                SequentClient.connect(TestServers.client(server, 2, null)));
            assertTrue(refused.getMessage().contains(SessionReason.TOO_MANY_SESSIONS.name()), refused.getMessage());
            assertTrue(first.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
        }
    }

    @Test
    void aNewSessionOfTheSameClientReplacesTheOldOne()
    {
        server = TestServers.launch(dir);
        try (SequentClient old = SequentClient.connect(TestServers.client(server, 3, null));
            SequentClient replacement = SequentClient.connect(TestServers.client(server, 3, null)))
        {
            await(() -> old.state() == SequentClient.State.CLOSED, "the old session is closed", old::poll);
            assertEquals(SessionReason.REPLACED, old.closeReason());
            assertEquals(SequentClient.CLOSED, old.offer(1, buffer, 0, commands.openAccount(buffer, 0, 1)));
            assertTrue(replacement.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
            assertEquals(1, server.counters().sessionsOpen().get());
        }
    }

    @Test
    void aSilentSessionIsClosedAfterTheTimeoutAndTheClientComesBack()
    {
        server = TestServers.launch(dir, ctx -> ctx.sessionTimeoutMs(300));
        try (SequentClient client = SequentClient.connect(TestServers.client(server, 1, null)
            .keepaliveInterval(Duration.ofSeconds(10)).livenessTimeout(Duration.ofSeconds(20))))
        {
            final long firstSession = client.sessionId();
            // The client does not poll, so it sends no keepalive: the server closes the session.
            awaitCount(() -> server.counters().sessionsTimedOut().get(), 1);
            await(() -> client.closeReason() == SessionReason.SESSION_TIMEOUT, "the client hears why", client::poll);
            await(() -> client.state() == SequentClient.State.CONNECTED, "the client reconnects", client::poll);
            assertNotEquals(firstSession, client.sessionId());
            assertEquals(1, client.reconnects());
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
        }
    }

    @Test
    void keepalivesHoldAnIdleSessionOpen()
    {
        server = TestServers.launch(dir, ctx -> ctx.sessionTimeoutMs(500));
        try (SequentClient client = SequentClient.connect(TestServers.client(server, 1, null)
            .keepaliveInterval(Duration.ofMillis(50)).livenessTimeout(Duration.ofMillis(1_000))))
        {
            // The server's echoes keep the client's liveness check quiet too: no reconnect.
            final long session = client.sessionId();
            final long until = System.nanoTime() + Duration.ofMillis(2_000).toNanos();
            while (System.nanoTime() < until)
            {
                client.poll();
                Thread.yield();
            }
            assertEquals(0, server.counters().sessionsTimedOut().get());
            assertEquals(session, client.sessionId());
            assertEquals(0, client.reconnects());
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
        }
    }

    @Test
    void commandsBeforeTheHandshakeEndsAreRejectedUnauthenticatedAndNeverApplied()
    {
        server = TestServers.launch(dir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            RawSession raw = new RawSession(aeron, server))
        {
            // Before any connect: no session, no egress to answer on; dropped and counted.
            int length = commands.openAccount(raw.frame(), RawSession.commandOffset(), 77);
            raw.command(123, 1, length);
            awaitCount(() -> server.counters().framesUnanswered().get(), 1);
            assertEquals(1, server.counters().unknownSessionDropped().get());

            raw.connect(1);
            raw.awaitChallenge();
            length = commands.openAccount(raw.frame(), RawSession.commandOffset(), 77);
            raw.command(raw.challengedSessionId, 2, length);
            assertEquals(RejectReason.UNAUTHENTICATED, raw.awaitResponse(2));
            assertEquals(1, server.counters().frameRejected(RejectReason.UNAUTHENTICATED).get());

            raw.answer(1, TestServers.secret(5));
            raw.awaitSessionEvent();
            assertEquals(SessionCode.REJECTED, raw.lastCode);
            assertEquals(SessionReason.BAD_CREDENTIAL, raw.lastReason);
        }
        assertEquals(0, server.counters().commandsReceived().get());
        server.close();
        assertFalse(((ExchangeState)server.engine().closedState()).hasAccount(77));
    }

    @Test
    void aClientThatDoesNotAnswerTheChallengeIsRefusedOnHandshakeTimeout()
    {
        server = TestServers.launch(dir, ctx -> ctx.handshakeTimeoutMs(300));
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            RawSession raw = new RawSession(aeron, server))
        {
            raw.connect(1);
            raw.awaitChallenge();
            raw.awaitSessionEvent();
            assertEquals(SessionCode.REJECTED, raw.lastCode);
            assertEquals(SessionReason.HANDSHAKE_TIMEOUT, raw.lastReason);
            assertEquals(0, server.counters().sessionsOpen().get());
        }
    }

    @Test
    void aConnectOfAProtocolVersionWithoutAuthenticationIsRefusedWithItsReason()
    {
        server = TestServers.launch(dir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            RawSession raw = new RawSession(aeron, server))
        {
            raw.connectVersion2();
            raw.awaitSessionEvent();
            assertEquals(SessionCode.REJECTED, raw.lastCode);
            assertEquals(SessionReason.UNSUPPORTED_VERSION, raw.lastReason);
        }
    }

    @Test
    void commandsOnAClosedSessionAreDroppedAndCountedNeverApplied()
    {
        server = TestServers.launch(dir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            RawSession raw = new RawSession(aeron, server))
        {
            raw.connect(4);
            raw.awaitChallenge();
            raw.answer(4, TestServers.secret(4));
            raw.awaitSessionEvent();
            assertEquals(SessionCode.OK, raw.lastCode);
            final long sessionId = raw.lastSessionEventId;
            int length = commands.openAccount(raw.frame(), RawSession.commandOffset(), 5);
            raw.command(sessionId, 10, length);
            assertEquals(RejectReason.NONE, raw.awaitResponse(10));

            raw.disconnect(sessionId);
            awaitCount(() -> server.counters().sessionsOpen().get(), 0);
            length = commands.deposit(raw.frame(), RawSession.commandOffset(), 5, 0, 1_000);
            raw.command(sessionId, 11, length);
            awaitCount(() -> server.counters().framesUnanswered().get(), 1);
            assertEquals(1, server.counters().unknownSessionDropped().get());
        }
        assertEquals(1, server.counters().commandsReceived().get());
        server.close();
        final ExchangeState state = (ExchangeState)server.engine().closedState();
        assertTrue(state.hasAccount(5));
        assertEquals(0, state.available(5, 0));
    }

    @Test
    void aServerWithoutCredentialsRefusesToStartAndSaysHowToCreateThem()
    {
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
            new SequentServer.Context()
                .engine(new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule()))
                .conclude());
        assertTrue(refused.getMessage().contains("sequent credentials add"), refused.getMessage());
    }
}
