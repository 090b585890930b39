package io.sequent.engine;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.counter.CounterCommands;
import io.sequent.engine.counter.CounterDomain;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.engine.recovery.RecoveryException;
import io.sequent.journal.JournalReader;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine core with a domain that is not the exchange, in every threading mode: what it must get right whatever
 * the domain. Same commands give byte-identical journals, and recovery gives the live state; a command's events may
 * fill many event slots and still come out whole, with one outcome; a command that would need more is rejected
 * whole; a domain that breaks the rules (an event claimed after its rejection, a throw) has its command rejected and
 * nothing journaled; an event that cannot be applied stops the engine loudly, and recovery names it.
 */
class CounterEngineTest
{
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);

    private static EngineContext<Long2LongHashMap> context(final Path dir, final ThreadingMode mode)
    {
        return new EngineContext<Long2LongHashMap>()
            .dataDir(dir)
            .domain(CounterDomain::new)
            .threadingMode(mode)
            .journalSegmentLength(1 << 20)
            .snapshotEveryEvents(0)
            .clock(() -> 1_700_000_000_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void sameCommandsGiveTheSameJournalAndRecoveryGivesTheLiveState(
        final ThreadingMode mode, @TempDir final Path dir) throws IOException
    {
        final long first = run(dir.resolve("a"), mode);
        final long second = run(dir.resolve("b"), mode);
        assertEquals(first, second);
        assertArrayEquals(journalBytes(dir.resolve("a")), journalBytes(dir.resolve("b")));

        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir.resolve("a"), mode)))
        {
            assertEquals(first, engine.recoveryReport().stateHash());
        }
    }

    private long run(final Path dir, final ThreadingMode mode)
    {
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 1; i <= 2_000; i++)
            {
                driver.offer(i, command, 0, CounterCommands.add(command, 0, i % 17, i % 5));
            }
            driver.awaitOutcome(2_000);
            for (int i = 1; i <= 2_000; i++)
            {
                assertEquals(i % 5 == 0 ? CounterDomain.ZERO_AMOUNT : 0, driver.reason(i), "command " + i);
            }
            engine.close();
            return engine.stateHash();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void aCommandWhoseEventsFillManySlotsComesOutWholeWithOneOutcome(
        final ThreadingMode mode, @TempDir final Path dir)
    {
        final long liveHash;
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode).eventSlotCapacity(1024)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            // 1,000 events of 40 bytes: about 40 slots of 1 KiB.
            assertEquals(0, driver.execute(1, command, 0, CounterCommands.burst(command, 0, 3, 1_000)));
            assertEquals(0, driver.execute(2, command, 0, CounterCommands.add(command, 0, 3, 5)));
            assertEquals(1_003, driver.sequence(2), "the record after 1,000 events, its record, and the next event");
            engine.close();
            assertEquals(1_005, engine.closedState().get(3));
            assertEquals(2, driver.outcomes());
            liveHash = engine.stateHash();
        }
        assertEquals(List.of(1_000, 1), eventsPerCommand(dir));
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode).eventSlotCapacity(1024)))
        {
            assertEquals(liveHash, engine.recoveryReport().stateHash());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void aCommandThatNeedsMoreSlotsThanAllowedIsRejectedWhole(final ThreadingMode mode, @TempDir final Path dir)
    {
        try (Engine<Long2LongHashMap> engine =
            Engine.launch(context(dir, mode).eventSlotCapacity(1024).maxSlotsPerCommand(4)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, command, 0, CounterCommands.add(command, 0, 3, 5)));
            assertEquals(RejectReason.EVENT_CAPACITY_EXCEEDED,
                driver.execute(2, command, 0, CounterCommands.burst(command, 0, 3, 1_000)));
            assertEquals(0, driver.execute(3, command, 0, CounterCommands.add(command, 0, 3, 1)));
            engine.close();
            assertEquals(6, engine.closedState().get(3));
        }
        assertEquals(List.of(1, 0, 1), eventsPerCommand(dir));
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void aDomainThatBreaksTheRulesHasItsCommandRejectedAndNothingJournaled(
        final ThreadingMode mode, @TempDir final Path dir)
    {
        final long hashBefore;
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, command, 0, CounterCommands.add(command, 0, 1, 5)));
            assertEquals(RejectReason.DOMAIN_ERROR, driver.execute(2, command, 0,
                CounterCommands.breakRules(command, 0, CounterDomain.CLAIM_AFTER_REJECT)));
            assertEquals(RejectReason.DOMAIN_ERROR, driver.execute(3, command, 0,
                CounterCommands.breakRules(command, 0, CounterDomain.THROW_IN_HANDLE)));
            assertEquals(CounterDomain.ZERO_AMOUNT, driver.execute(4, command, 0,
                CounterCommands.add(command, 0, 1, 0)));
            assertEquals(0, driver.execute(5, command, 0, CounterCommands.add(command, 0, 1, 1)));
            engine.close();
            assertEquals(6, engine.closedState().get(1));
            hashBefore = engine.stateHash();
        }
        assertEquals(List.of(1, 0, 0, 0, 1), eventsPerCommand(dir));
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode)))
        {
            assertEquals(hashBefore, engine.recoveryReport().stateHash());
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void anEventThatCannotBeAppliedStopsTheEngineAndItsSourceLoudly(final ThreadingMode mode, @TempDir final Path dir)
    {
        final AtomicReference<Throwable> reported = new AtomicReference<>();
        final RecordingSource source = new RecordingSource(command);
        final Engine<Long2LongHashMap> engine = Engine.launch(context(dir, mode)
            .errorHandler(reported::set)
            .commandSource(source));
        try
        {
            source.send(CounterCommands.add(command, 0, 1, 5));
            source.send(CounterCommands.breakRules(command, 0, CounterDomain.POISON_EVENT));
            Await.until("the engine reports its failure", () ->
            {
                step(engine);
                return engine.failure() != null && reported.get() != null;
            });
            assertTrue(reported.get().getMessage().contains("cannot apply a poisoned event"));
            Await.until("the source is closed", () ->
            {
                step(engine);
                return source.closed;
            });
        }
        finally
        {
            engine.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ThreadingMode.class)
    void anAcceptedCommandAnswersWithTheDomainsResultAndSoDoesItsReSendAfterARestart(
        final ThreadingMode mode, @TempDir final Path dir)
    {
        for (final long snapshotEvery : new long[] { 0, 1 })
        {
            final Path data = dir.resolve("snapshots-" + snapshotEvery);
            try (Engine<Long2LongHashMap> engine = Engine.launch(context(data, mode).snapshotEveryEvents(
                snapshotEvery)))
            {
                final EngineDriver driver = new EngineDriver(engine);
                assertEquals(0, driver.execute(1, command, 0, CounterCommands.add(command, 0, 4, 40)));
                assertEquals(0, driver.execute(2, command, 0, CounterCommands.add(command, 0, 4, 2)));
                assertEquals(CounterDomain.ZERO_AMOUNT, driver.execute(3, command, 0,
                    CounterCommands.add(command, 0, 4, 0)));
                assertEquals(42, total(driver.result(2)));
                assertEquals(0, driver.result(3).length, "a rejection has no result");
            }
            try (Engine<Long2LongHashMap> engine = Engine.launch(context(data, mode)))
            {
                final EngineDriver driver = new EngineDriver(engine);
                // Re-sent after the restart: answered from the ledger with the first outcome and its result.
                assertEquals(0, driver.execute(2, command, 0, CounterCommands.add(command, 0, 4, 2)));
                assertTrue(driver.duplicate(2));
                assertEquals(42, total(driver.result(2)), "the result, from " +
                    (snapshotEvery == 0 ? "the journal's record" : "the snapshot's ledger"));
                engine.close();
                assertEquals(42, engine.closedState().get(4), "the re-send was not applied again");
            }
        }
    }

    private static long total(final byte[] result)
    {
        assertEquals(CounterDomain.TOTAL_LENGTH, result.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(result);
        assertEquals(CounterDomain.TOTAL, buffer.getShort(2));
        return buffer.getLong(CounterDomain.HEADER_LENGTH);
    }

    @Test
    void recoveryNamesTheEntryItCannotApplyAndWhereTheGoodJournalEnds(@TempDir final Path dir)
    {
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, ThreadingMode.SHARED)
            .domain(() -> new CounterDomain(false))))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, command, 0, CounterCommands.add(command, 0, 1, 5)));
            assertEquals(0, driver.execute(2, command, 0,
                CounterCommands.breakRules(command, 0, CounterDomain.POISON_EVENT)));
        }
        final RecoveryException ex = assertThrows(RecoveryException.class,
            () -> Engine.launch(context(dir, ThreadingMode.SHARED)).close());
        assertEquals(3, ex.sequence());
        assertEquals(2, ex.lastGoodSequence());
        assertTrue(ex.getMessage().contains("sequent journal truncate --dir " + dir + " --after 2"), ex.getMessage());
        assertTrue(ex.getMessage().contains("schema 901 version 1 template 10"), ex.getMessage());
    }

    private static void step(final Engine<?> engine)
    {
        if (engine.invoker() != null)
        {
            engine.invoker().invoke();
        }
        else
        {
            Thread.yield();
        }
    }

    /**
     * @return for each command in the journal, the number of domain events before its record.
     */
    private static List<Integer> eventsPerCommand(final Path dir)
    {
        final List<Integer> counts = new ArrayList<>();
        final int[] events = new int[1];
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) ->
            {
                if (CommandRecords.isRecord(buffer, offset, length))
                {
                    counts.add(events[0]);
                    events[0] = 0;
                }
                else
                {
                    events[0]++;
                }
            });
        }
        return counts;
    }

    private static byte[] journalBytes(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            final List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).sorted().toList();
            assertEquals(1, segments.size());
            return Files.readAllBytes(segments.get(0));
        }
    }

    /**
     * A command source as the gateway is one: offers on its own duty cycle, takes outcomes, is closed with the
     * engine.
     */
    private static final class RecordingSource implements CommandSource
    {
        RecordingSource(final UnsafeBuffer commandBuffer)
        {
            this.commandBuffer = commandBuffer;
        }

        private final ConcurrentLinkedQueue<byte[]> pending =
            new ConcurrentLinkedQueue<>();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        private final UnsafeBuffer commandBuffer;
        private Engine<?> engine;
        private long correlationId;
        private volatile boolean closed;

        void send(final int length)
        {
            final byte[] copy = new byte[length];
            commandBuffer.getBytes(0, copy);
            pending.add(copy);
        }

        @Override
        public void bind(final Engine<?> engine)
        {
            assertNotNull(engine.recoveryReport());
            this.engine = engine;
        }

        @Override
        public int doWork()
        {
            final byte[] next = pending.peek();
            int work = engine.responder().poll((session, correlation, sequence, time, reason, detail, dup) -> true);
            if (next != null)
            {
                buffer.putBytes(0, next);
                if (engine.offer(1, 1, ++correlationId, CommandSink.SEQUENCER_TIME, buffer, 0, next.length) >= 0)
                {
                    pending.poll();
                    work++;
                }
                else
                {
                    correlationId--;
                }
            }
            return work;
        }

        @Override
        public void onClose()
        {
            closed = true;
        }

        @Override
        public String roleName()
        {
            return "recording-source";
        }
    }
}
