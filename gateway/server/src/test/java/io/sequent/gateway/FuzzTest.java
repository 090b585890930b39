package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.sequent.client.SequentClient;
import io.sequent.codecs.session.ChallengeResponseEncoder;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.ConnectEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.KeepaliveEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.RejectReason;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100,000 random and mutated frames straight onto the ingress from a raw publication, interleaved with a valid
 * client's deposits: the valid client is served throughout, nothing of the fuzz reaches the engine, and the
 * exchange's state hash equals that of a server that saw the valid commands alone.
 */
class FuzzTest
{
    private static final int FRAMES = Integer.getInteger("sequent.fuzz.frames", 100_000);
    private static final int VALID_EVERY = 5_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int[] FRAME_REASONS = { RejectReason.MALFORMED_FRAME, RejectReason.UNKNOWN_SESSION,
        RejectReason.UNKNOWN_TEMPLATE, RejectReason.WRONG_PROTOCOL_SCHEMA, RejectReason.UNSUPPORTED_PROTOCOL_VERSION,
        RejectReason.FRAME_TOO_LARGE, RejectReason.UNAUTHENTICATED };

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    @Test
    void randomAndMutatedFramesChangeNothingAndValidClientsAreServed()
    {
        final long fuzzedHash;
        try (SequentServer server = TestServers.launch(dir.resolve("fuzzed")))
        {
            try (SequentClient client = TestServers.connect(server, null);
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
                ExclusivePublication raw = aeron.addExclusivePublication(
                    server.ingressChannel(), server.ingressStreamId()))
            {
                final long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!raw.isConnected())
                {
                    assertTrue(System.nanoTime() < deadline, "the raw publication connects");
                    Thread.yield();
                }
                int valid = setUp(client);
                final FrameSource frames = new FrameSource(new SplittableRandom(20261125), client.sessionId());
                for (int i = 0; i < FRAMES; i++)
                {
                    final int length = frames.next();
                    while (raw.offer(frames.frame, 0, length) < 0)
                    {
                        assertTrue(System.nanoTime() < deadline, "the fuzz is taken within 120 s");
                        client.poll();
                    }
                    if (i % VALID_EVERY == 0)
                    {
                        assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1 + valid % 3, 0, valid),
                            TIMEOUT).accepted(), "the valid client is served during the fuzz");
                        valid++;
                    }
                }
                assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, valid), TIMEOUT).accepted(),
                    "the valid client is served after the fuzz");
                final long received = server.counters().commandsReceived().get();
                assertEquals(3 + valid, received, "only the valid client's commands reached the engine (3 opens, " +
                    (valid - 1) + " deposits during the fuzz, 1 after)");
                for (final int reason : FRAME_REASONS)
                {
                    if (reason != RejectReason.UNAUTHENTICATED)
                    {
                        assertTrue(server.counters().frameRejected(reason).get() > 0, RejectReason.name(reason));
                    }
                }
                final long rejected = rejectedFrames(server.counters());
                assertTrue(rejected > FRAMES / 2, "bad frames are counted: " + rejected);
                assertEquals(1, server.counters().sessionsOpen().get());
            }
            server.close();
            fuzzedHash = domainHash(server);
        }

        try (SequentServer server = TestServers.launch(dir.resolve("reference"));
            SequentClient client = TestServers.connect(server, null))
        {
            int valid = setUp(client);
            for (int i = 0; i < FRAMES; i += VALID_EVERY)
            {
                assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1 + valid % 3, 0, valid), TIMEOUT)
                    .accepted());
                valid++;
            }
            assertTrue(client.send(buffer, 0, commands.deposit(buffer, 0, 1, 0, valid), TIMEOUT).accepted());
            client.close();
            server.close();
            assertEquals(domainHash(server), fuzzedHash, "the fuzz changed nothing");
        }
    }

    /**
     * The exchange's own state hash: the engine's also covers the client ledger, whose correlation ids come from the
     * clock and so differ between the two runs.
     */
    private static long domainHash(final SequentServer server)
    {
        return new ExchangeDomain().stateHash((ExchangeState)server.engine().closedState());
    }

    private int setUp(final SequentClient client)
    {
        for (int account = 1; account <= 3; account++)
        {
            assertTrue(client.send(buffer, 0, commands.openAccount(buffer, 0, account), TIMEOUT).accepted());
        }
        return 1;
    }

    private static long rejectedFrames(final GatewayCounters counters)
    {
        long total = 0;
        for (final int reason : FRAME_REASONS)
        {
            total += counters.frameRejected(reason).get();
        }
        return total + counters.sessionsRefused().get();
    }

    /**
     * Frames of every kind: random bytes; valid frames of each template (commands and keepalives naming the valid
     * client's session, from the wrong sender) with a few bytes flipped, cut short or run long; oversized frames.
     */
    private static final class FrameSource
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[4096]);
        private final SplittableRandom random;
        private final long victimSessionId;
        private final MessageHeaderEncoder header = new MessageHeaderEncoder();
        private final ExchangeCommands commands = new ExchangeCommands();

        FrameSource(final SplittableRandom random, final long victimSessionId)
        {
            this.random = random;
            this.victimSessionId = victimSessionId;
        }

        int next()
        {
            final int kind = random.nextInt(100);
            if (kind < 30)
            {
                final int length = 1 + random.nextInt(200);
                randomBytes(0, length);
                return length;
            }
            if (kind < 32)
            {
                final int length = IngressAdapter.MAX_CONTROL_FRAME_LENGTH + 1 + random.nextInt(1000);
                final int valid = template(random.nextInt(5));
                randomBytes(valid, length - valid);
                return length;
            }
            final int length = template(random.nextInt(5));
            return mutate(length);
        }

        private int template(final int which)
        {
            return switch (which)
            {
                case 0 ->
                {
                    final int commandOffset = MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
                    new CommandHeaderEncoder().wrapAndApplyHeader(frame, 0, header)
                        .sessionId(random.nextBoolean() ? victimSessionId : random.nextLong())
                        .correlationId(random.nextLong());
                    yield commandOffset + commands.deposit(frame, commandOffset, 1 + random.nextInt(3), 0, 1_000_000);
                }
                case 1 -> MessageHeaderEncoder.ENCODED_LENGTH + new KeepaliveEncoder()
                    .wrapAndApplyHeader(frame, 0, header).sessionId(victimSessionId).encodedLength();
                case 2 -> MessageHeaderEncoder.ENCODED_LENGTH + new ConnectEncoder()
                    .wrapAndApplyHeader(frame, 0, header)
                    .correlationId(random.nextLong())
                    .responseStreamId(20)
                    .clientId(1 + random.nextInt(TestServers.CLIENTS + 2))
                    .responseChannel("aeron:udp?endpoint=localhost:" + (20_000 + random.nextInt(40_000)))
                    .encodedLength();
                case 3 -> MessageHeaderEncoder.ENCODED_LENGTH + new ChallengeResponseEncoder()
                    .wrapAndApplyHeader(frame, 0, header)
                    .correlationId(random.nextLong())
                    .sessionId(victimSessionId)
                    .encodedLength();
                default -> MessageHeaderEncoder.ENCODED_LENGTH + new DisconnectEncoder()
                    .wrapAndApplyHeader(frame, 0, header).sessionId(victimSessionId).encodedLength();
            };
        }

        private int mutate(final int length)
        {
            int newLength = length;
            switch (random.nextInt(4))
            {
                case 0 -> newLength = 1 + random.nextInt(length);
                case 1 ->
                {
                    final int extra = 1 + random.nextInt(64);
                    randomBytes(length, extra);
                    newLength = length + extra;
                }
                default ->
                {
                }
            }
            final int flips = random.nextInt(4);
            for (int i = 0; i < flips; i++)
            {
                frame.putByte(random.nextInt(newLength), (byte)random.nextInt(256));
            }
            return newLength;
        }

        private void randomBytes(final int offset, final int length)
        {
            for (int i = 0; i < length; i++)
            {
                frame.putByte(offset + i, (byte)random.nextInt(256));
            }
        }
    }
}
