package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.sequent.codecs.RejectReason;
import io.sequent.engine.CommandSink;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge from the HTTP face into the command path: a full queue refuses at once, a full command ring keeps the
 * submission for the next cycle (nothing dropped, order kept), outcomes find their submission by its session id
 * below zero, and closing fails what still waits.
 */
class CommandBridgeTest
{
    private MediaDriver driver;
    private Aeron aeron;
    private GatewayCounters counters;

    @BeforeEach
    void start()
    {
        driver = EmbeddedDriver.launch(EmbeddedDriver.uniqueDirectory());
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        counters = new GatewayCounters(aeron, RejectReason::name);
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(counters, aeron, driver);
    }

    /** A command ring that is full until told otherwise, and records what it took. */
    private static final class RecordingSink implements CommandSink
    {
        final List<long[]> taken = new ArrayList<>();
        long answer = BACK_PRESSURED;

        @Override
        public long offer(
            final long sessionId,
            final long clientId,
            final long correlationId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            if (answer >= 0)
            {
                taken.add(new long[]{ sessionId, clientId, correlationId, length });
            }
            return answer;
        }

        @Override
        public int maxCommandLength()
        {
            return 1024;
        }
    }

    @Test
    void aFullQueueRefusesAtOnce()
    {
        final CommandBridge bridge = new CommandBridge(4);
        for (int i = 0; i < 4; i++)
        {
            assertTrue(bridge.submit(1, i, new byte[8]) != null);
        }
        assertNull(bridge.submit(1, 99, new byte[8]), "the fifth waits for no one: the caller answers 429");
        assertEquals(4, bridge.queued());
    }

    @Test
    void aFullRingKeepsTheSubmissionAndItsOutcomeComesBack() throws Exception
    {
        final CommandBridge bridge = new CommandBridge(16);
        final CompletableFuture<CommandBridge.Outcome> first = bridge.submit(7, 100, new byte[16]);
        final CompletableFuture<CommandBridge.Outcome> second = bridge.submit(7, 101, new byte[24]);
        final RecordingSink sink = new RecordingSink();

        assertEquals(0, bridge.drain(sink, counters));
        assertEquals(1, counters.backPressured().get());
        assertEquals(2, bridge.queued(), "nothing dropped");

        sink.answer = 1;
        assertEquals(2, bridge.drain(sink, counters));
        assertEquals(2, sink.taken.size());
        assertEquals(100, sink.taken.get(0)[2], "in order");
        assertEquals(101, sink.taken.get(1)[2]);
        assertEquals(7, sink.taken.get(0)[1], "the client's id, for the dedup ledger");
        final long sessionId = sink.taken.get(0)[0];
        assertTrue(CommandBridge.isBridged(sessionId));
        assertEquals(2, counters.commandsReceived().get());

        final byte[] result = { 1, 2, 3 };
        assertTrue(bridge.onOutcome(sessionId, 42, 1_000, RejectReason.NONE, 0, true, new UnsafeBuffer(result), 0, 3));
        final CommandBridge.Outcome outcome = first.get();
        assertEquals(42, outcome.sequence());
        assertTrue(outcome.duplicate());
        assertArrayEquals(result, outcome.result());
        assertFalse(bridge.onOutcome(sessionId, 42, 1_000, RejectReason.NONE, 0, true, null, 0, 0),
            "answered once");
        assertFalse(second.isDone());

        bridge.closeAll("closing");
        assertThrows(ExecutionException.class, second::get);
        assertNull(bridge.submit(7, 102, new byte[8]), "closed: refused");
    }

    @Test
    void aCommandTooLargeForTheRingIsRejectedAtOnce() throws Exception
    {
        final CommandBridge bridge = new CommandBridge(16);
        final CompletableFuture<CommandBridge.Outcome> pending = bridge.submit(7, 100, new byte[16]);
        final RecordingSink sink = new RecordingSink();
        sink.answer = CommandSink.TOO_LARGE;
        bridge.drain(sink, counters);
        assertEquals(RejectReason.MESSAGE_TOO_LARGE, pending.get().reason());
        assertEquals(1, counters.tooLarge().get());
    }
}
