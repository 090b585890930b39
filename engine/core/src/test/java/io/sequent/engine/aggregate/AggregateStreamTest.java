package io.sequent.engine.aggregate;

import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.EngineDriver;
import io.sequent.engine.counter.CounterCommands;
import io.sequent.engine.counter.CounterDomain;
import io.sequent.engine.domain.AggregateRef;
import io.sequent.engine.domain.EventUpcaster;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.journal.JournalReader;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The aggregate index and stream over a domain that is not the exchange, with a journal of many segments: one
 * aggregate's events come back in order, exactly those a scan of the whole journal finds for it, from any version;
 * an event of two aggregates is in both streams; the index is rebuilt from the journal when its file is deleted,
 * and events delivered again after a crash are not indexed twice.
 */
class AggregateStreamTest
{
    private static final int COUNTERS = 5;
    private static final int COMMANDS = 600;

    @TempDir
    Path dir;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);

    private EngineContext<Long2LongHashMap> context()
    {
        return new EngineContext<Long2LongHashMap>()
            .dataDir(dir)
            .domain(CounterDomain::new)
            .journalSegmentLength(32 << 10)
            .snapshotEveryEvents(0)
            .addProjection(AggregateIndex.create(AggregateIndex.file(dir), new CounterIdentity(), 10_000));
    }

    @Test
    void anAggregatesEventsComeBackInOrderFromAnyVersionAndTheIndexRebuildsFromTheJournal() throws IOException
    {
        try (Engine<Long2LongHashMap> engine = Engine.launch(context()))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 1; i <= COMMANDS; i++)
            {
                driver.offer(i, command, 0, CounterCommands.add(command, 0, 1 + i % COUNTERS, i));
            }
            driver.awaitOutcome(COMMANDS);
        }
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            assertTrue(reader.entries().size() > 2, "the journal has segments: " + reader.entries().size());
        }
        final List<String> scanned = scan(3);
        assertEquals(COMMANDS / COUNTERS, scanned.size());
        final List<String> whole = stream(3, 1, Long.MAX_VALUE);
        assertEquals(scanned, whole);
        assertEquals(scanned.subList(9, 20), stream(3, 10, 20));
        assertEquals(List.of(), stream(3, scanned.size() + 1, Long.MAX_VALUE));
        assertEquals(List.of(), stream(99, 1, Long.MAX_VALUE));
        // An event of two aggregates is in both streams: every event is in all:1, in journal order.
        final List<String> all = stream(CounterIdentity.ALL, 1, 1, Long.MAX_VALUE);
        assertEquals(COMMANDS, all.size());
        assertEquals("1@1", all.get(0).substring(0, 3));
        assertEquals((2L * COMMANDS - 1) + "@" + COMMANDS, all.get(COMMANDS - 1).split("=")[0]);

        Files.delete(AggregateIndex.file(dir));
        try (Engine<Long2LongHashMap> engine = Engine.launch(context()))
        {
            assertEquals(2L * COMMANDS, engine.recoveryReport().lastSequence());
        }
        assertEquals(whole, stream(3, 1, Long.MAX_VALUE));

        // What a crash re-delivers (events past the checkpoint) is skipped: the head is past them.
        try (AggregateIndex index = AggregateIndex.create(AggregateIndex.file(dir), new CounterIdentity(), 10_000))
        {
            final long before = index.count(CounterIdentity.COUNTER, 3);
            try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
            {
                reader.read(1, new FrameRouter(index::onEvent, null));
            }
            assertEquals(before, index.count(CounterIdentity.COUNTER, 3));
            assertEquals(before, index.lastVersion(CounterIdentity.COUNTER, 3));
        }
        assertEquals(whole, stream(3, 1, Long.MAX_VALUE));
    }

    private List<String> stream(final long counter, final long fromVersion, final long toVersion)
    {
        return stream(CounterIdentity.COUNTER, counter, fromVersion, toVersion);
    }

    private List<String> stream(final int type, final long id, final long fromVersion, final long toVersion)
    {
        final List<String> events = new ArrayList<>();
        try (AggregateIndex index = AggregateIndex.open(AggregateIndex.file(dir)))
        {
            final long delivered = new AggregateStream(index, dir.resolve("journal"), new CounterIdentity(),
                EventUpcaster.NONE).read(type, id, fromVersion, toVersion,
                (sequence, timestamp, version, buffer, offset, length) -> events.add(sequence + "@" + version + "=" +
                    buffer.getLong(offset + CounterDomain.HEADER_LENGTH + 16)));
            assertEquals(events.size(), delivered);
        }
        return events;
    }

    private List<String> scan(final long counter)
    {
        final List<String> events = new ArrayList<>();
        final CounterIdentity identity = new CounterIdentity();
        final AggregateRef[] refs = io.sequent.engine.domain.AggregateIdentity.newRefs();
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            reader.read(1, new FrameRouter((sequence, timestamp, buffer, offset, length) ->
            {
                if (identity.identify(buffer, offset, length, refs) == 2 &&
                    refs[0].is(CounterIdentity.COUNTER, counter))
                {
                    events.add(sequence + "@" + (events.size() + 1) + "=" +
                        buffer.getLong(offset + CounterDomain.HEADER_LENGTH + 16));
                }
            }, null));
        }
        return events;
    }
}
