package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.sequent.client.SequentClient;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.RejectReason;
import io.sequent.exchange.api.ExchangeCommands;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed frames, foreign schemas, unknown templates, oversized commands and commands without a session are
 * rejected or dropped and counted, and the server goes on serving valid commands.
 */
class BadInputTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private SequentServer server;
    private SequentClient client;
    private Aeron aeron;
    private ExclusivePublication raw;
    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @BeforeEach
    void start()
    {
        server = TestServers.launch(dir);
        client = TestServers.connect(server, null);
        assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, 1), TIMEOUT).accepted());
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
        raw = aeron.addExclusivePublication(server.ingressChannel(), server.ingressStreamId());
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!raw.isConnected())
        {
            assertTrue(System.nanoTime() < deadline, "raw publication connects");
            Thread.yield();
        }
    }

    @AfterEach
    void stop()
    {
        raw.close();
        aeron.close();
        client.close();
        server.close();
    }

    private void sendRaw(final UnsafeBuffer frame, final int length)
    {
        while (raw.offer(frame, 0, length) < 0)
        {
            Thread.yield();
        }
    }

    private void assertStillServing()
    {
        assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, 1), TIMEOUT).accepted());
    }

    private static void awaitCount(final LongSupplier counter, final long expected)
    {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (counter.getAsLong() < expected && System.nanoTime() < deadline)
        {
            Thread.yield();
        }
        assertEquals(expected, counter.getAsLong());
    }

    @Test
    void aTruncatedFrameIsDroppedAndCounted()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        frame.putInt(0, 0x01020304);
        sendRaw(frame, 5);
        awaitCount(() -> server.counters().malformedDropped().get(), 1);
        assertEquals(1, server.counters().framesUnanswered().get(), "no session to answer on");
        assertStillServing();
    }

    @Test
    void aForeignSchemaUnknownTemplateOrNewerVersionIsDroppedAndCountedEach()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[64]);
        new MessageHeaderEncoder().wrap(frame, 0).blockLength(16).templateId(CommandHeaderEncoder.TEMPLATE_ID)
            .schemaId(999).version(1);
        sendRaw(frame, 40);
        new MessageHeaderEncoder().wrap(frame, 0).blockLength(16).templateId(250)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(1);
        sendRaw(frame, 40);
        new MessageHeaderEncoder().wrap(frame, 0).blockLength(16).templateId(CommandHeaderEncoder.TEMPLATE_ID)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(MessageHeaderEncoder.SCHEMA_VERSION + 1);
        sendRaw(frame, 40);
        awaitCount(() -> server.counters().frameRejected(RejectReason.UNSUPPORTED_PROTOCOL_VERSION).get(), 1);
        assertEquals(1, server.counters().frameRejected(RejectReason.WRONG_PROTOCOL_SCHEMA).get());
        assertEquals(1, server.counters().frameRejected(RejectReason.UNKNOWN_TEMPLATE).get());
        assertEquals(3, server.counters().framesUnanswered().get());
        assertStillServing();
    }

    @Test
    void aCommandWithoutAnOpenSessionIsDroppedAndCountedNeverApplied()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        new CommandHeaderEncoder().wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder())
            .sessionId(client.sessionId()).correlationId(1);
        final int headerLength = MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
        final int length = commands.deposit(frame, headerLength, 1, 0, 1_000_000);
        // Right session id, wrong sender: the raw publication is not the client's image.
        sendRaw(frame, headerLength + length);
        awaitCount(() -> server.counters().unknownSessionDropped().get(), 1);
        assertStillServing();
        server.close();
        assertEquals(1, ((io.sequent.exchange.domain.ExchangeState)server.engine().closedState()).available(1, 0));
    }

    @Test
    void anOversizedCommandIsRejectedWithItsReason()
    {
        final int length = server.engine().maxCommandLength() + 1;
        final long correlationId = client.nextCorrelationId();
        final long[] reason = { -1 };
        // Client 2 keeps room for a command larger than the server takes, so the server is the one to say no.
        try (SequentClient other = SequentClient.connect(TestServers.client(server, 2,
            (id, sequence, timestamp, code, detail, duplicate) ->
            {
                if (id == correlationId)
                {
                    reason[0] = code;
                }
            }).maxCommandLength(length)))
        {
            while (other.offer(correlationId, buffer, 0, length) < 0)
            {
                other.poll();
            }
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (reason[0] == -1 && System.nanoTime() < deadline)
            {
                other.poll();
            }
        }
        assertEquals(RejectReason.MESSAGE_TOO_LARGE, reason[0]);
        assertEquals(1, server.counters().tooLarge().get());
        assertStillServing();
    }

    @Test
    void malformedCommandsInsideAValidSessionGetDistinctReasons()
    {
        final int length = commands.deposit(buffer, 0, 1, 0, 10);
        assertEquals(RejectReason.MALFORMED_COMMAND, client.send(buffer, 0, 4, TIMEOUT).reason());
        buffer.putShort(2, (short)99);
        assertEquals(RejectReason.UNKNOWN_COMMAND, client.send(buffer, 0, length, TIMEOUT).reason());
        commands.deposit(buffer, 0, 1, 0, 10);
        buffer.putShort(4, (short)42);
        assertEquals(RejectReason.WRONG_SCHEMA, client.send(buffer, 0, length, TIMEOUT).reason());
        assertStillServing();
    }
}
