package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.protocol.DataHeaderFlyweight;
import io.sequent.codecs.RejectReason;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sender that is not the client but writes into the client's Aeron image: it sends raw UDP datagrams from a socket
 * of its own (another process as far as the server can tell), with the victim's Aeron session id, stream, term id and
 * term offset, so the server's receiver takes them as the victim's own frames. It also knows the victim's Sequent
 * session id (sniffed); what it cannot know is the session token the handshake derived from the client's secret. The
 * server must drop every such frame unanswered: no command applied, no session closed.
 */
class SpoofedImageTest
{
    private static final long VICTIM = 1;
    private static final long ACCOUNT = 5;

    @TempDir
    Path dir;

    private final ExchangeCommands commands = new ExchangeCommands();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private SequentServer server;

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void framesInjectedIntoAClientsImageWithoutItsTokenAreDroppedAndChangeNothing() throws IOException
    {
        server = TestServers.launch(dir);
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(server.aeronDirectoryName()));
            RawSession victim = new RawSession(aeron, server);
            DatagramChannel attacker = DatagramChannel.open())
        {
            victim.connect(VICTIM);
            victim.awaitChallenge();
            victim.answer(VICTIM, TestServers.secret(VICTIM));
            victim.awaitSessionEvent();
            assertEquals(SessionCode.OK, victim.lastCode);
            final long sessionId = victim.lastSessionEventId;
            final int length = commands.openAccount(victim.frame(), RawSession.commandOffset(), ACCOUNT);
            victim.command(sessionId, 10, length);
            assertEquals(RejectReason.NONE, victim.awaitResponse(10));

            final InetSocketAddress endpoint = endpointOf(server.ingressChannel());
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[256]);

            // A deposit into the victim's account, with every guessable token: 0 and the token of another session.
            for (final long token : new long[] { 0, victim.token ^ 1 })
            {
                new CommandHeaderEncoder().wrapAndApplyHeader(payload, 0, headerEncoder)
                    .sessionId(sessionId).correlationId(11).token(token);
                final int deposit = commands.deposit(payload, RawSession.commandOffset(), ACCOUNT, 0, 1_000_000);
                inject(attacker, endpoint, victim, payload, RawSession.commandOffset() + deposit);
            }
            // And a disconnect of the victim's session.
            final DisconnectEncoder disconnect = new DisconnectEncoder().wrapAndApplyHeader(payload, 0, headerEncoder)
                .sessionId(sessionId).token(0);
            inject(attacker, endpoint, victim, payload, MessageHeaderEncoder.ENCODED_LENGTH
                + disconnect.encodedLength());

            awaitCount(() -> server.counters().forgedFrames().get(), 3);
            assertEquals(1, server.counters().sessionsOpen().get(), "the victim's session stays open");
            assertEquals(1, server.counters().commandsReceived().get(),
                "only the victim's own command reached the engine");
        }
        server.close();
        final ExchangeState state = (ExchangeState)server.engine().closedState();
        assertTrue(state.hasAccount(ACCOUNT));
        assertEquals(0, state.available(ACCOUNT, 0), "no injected deposit was applied");
    }

    /**
     * Writes one Aeron DATA frame at the victim publication's next position: the receiver puts it in the victim's
     * image, where the server reads it as the victim's next message.
     */
    private static void inject(
        final DatagramChannel attacker,
        final InetSocketAddress endpoint,
        final RawSession victim,
        final UnsafeBuffer payload,
        final int payloadLength) throws IOException
    {
        final long position = victim.ingress.position() + victim.injected;
        final int termLength = victim.ingress.termBufferLength();
        final int bitsToShift = Integer.numberOfTrailingZeros(termLength);
        final int termId = victim.ingress.initialTermId() + (int)(position >>> bitsToShift);
        final int termOffset = (int)(position & (termLength - 1));
        final int frameLength = DataHeaderFlyweight.HEADER_LENGTH + payloadLength;
        final ByteBuffer datagram = ByteBuffer.allocate(BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT))
            .order(ByteOrder.LITTLE_ENDIAN);
        final DataHeaderFlyweight header = new DataHeaderFlyweight(datagram);
        header.frameLength(frameLength);
        header.version(DataHeaderFlyweight.CURRENT_VERSION);
        header.flags((short)DataHeaderFlyweight.BEGIN_AND_END_FLAGS);
        header.headerType(DataHeaderFlyweight.HDR_TYPE_DATA);
        header.termOffset(termOffset);
        header.sessionId(victim.ingress.sessionId());
        header.streamId(victim.ingress.streamId());
        header.termId(termId);
        header.reservedValue(0);
        payload.getBytes(0, datagram, DataHeaderFlyweight.HEADER_LENGTH, payloadLength);
        datagram.limit(datagram.capacity()).position(0);
        attacker.send(datagram, endpoint);
        victim.injected += BitUtil.align(frameLength, FrameDescriptor.FRAME_ALIGNMENT);
    }

    private static InetSocketAddress endpointOf(final String channel)
    {
        final String endpoint = ChannelUri.parse(channel).get(CommonContext.ENDPOINT_PARAM_NAME);
        final int colon = endpoint.lastIndexOf(':');
        return new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    }

    private static void awaitCount(final LongSupplier counter, final long expected)
    {
        final long deadline = System.nanoTime() + RawSession.TIMEOUT.toNanos();
        while (counter.getAsLong() < expected)
        {
            assertTrue(System.nanoTime() < deadline, "counter reaches " + expected + ", is " + counter.getAsLong());
            Thread.yield();
        }
        assertEquals(expected, counter.getAsLong());
    }
}
