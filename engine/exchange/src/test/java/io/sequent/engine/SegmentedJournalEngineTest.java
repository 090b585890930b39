package io.sequent.engine;

import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSegment;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.SegmentFiles;
import io.sequent.journal.SegmentReport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine over a segmented journal: the format 1 fixture still replays and is continued in segments, the
 * interval policy holds acknowledgements until a force, and retention archives or deletes what snapshots cover.
 */
class SegmentedJournalEngineTest
{
    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/journal-v1");

    @TempDir
    Path dir;

    private static Properties expected() throws IOException
    {
        final Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(FIXTURE.resolve("expected.properties")))
        {
            properties.load(in);
        }
        return properties;
    }

    @Test
    void theFormatOneFixtureReadsReplaysAndIsContinuedInANewSegment() throws IOException
    {
        final Properties expected = expected();
        final long lastSequence = Long.parseLong(expected.getProperty("lastSequence"));
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.copy(FIXTURE.resolve("journal").resolve(SegmentFiles.LEGACY_FILE),
            journal.resolve(SegmentFiles.LEGACY_FILE));

        try (JournalReader reader = JournalReader.open(journal))
        {
            final long[] last = { 0 };
            final long frames = reader.read(1, (sequence, timestamp, buffer, offset, length) -> last[0] = sequence);
            assertEquals(lastSequence, frames, "every sequence from 1 is a frame");
            assertEquals(lastSequence, last[0]);
            final List<SegmentReport> reports = reader.verify();
            assertEquals(1, reports.size());
            assertEquals(1, reports.get(0).segment().formatVersion());
            assertEquals(lastSequence, reports.get(0).lastSequence());
            assertEquals(0, reports.get(0).tornBytes());
        }

        // The hash version 1 computed is checked in JournalV1FixtureReplayTest (schema v2 also hashes account
        // versions); here recovery must equal an independent replay of the same frames.
        final EngineState<ExchangeState> replayed =
            EngineState.empty(new ExchangeDomain(), ClientLedger.DEFAULT_WINDOW);
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.read(1, replayed);
        }
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(1 << 20).snapshotEveryEvents(0);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            assertEquals(lastSequence, engine.recoveryReport().lastSequence());
            assertEquals(new ExchangeDomain().stateHash(replayed.state()), engine.recoveryReport().stateHash());
            final ExchangeCommands commands = new ExchangeCommands();
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
            assertEquals(0, new EngineDriver(engine).execute(1, buffer, 0, commands.openAccount(buffer, 0, 999)));
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size());
            assertEquals(SegmentFiles.LEGACY_FILE, segments.get(0).name());
            assertEquals(SegmentFiles.name(lastSequence + 1), segments.get(1).name());
            assertEquals(2, segments.get(1).formatVersion());
            assertArrayEquals(new ExchangeDomain().eventSchemaXml(), segments.get(1).documents().get(0),
                "the new segment carries the event schema");
            assertArrayEquals(SchemaDocuments.read(SchemaDocuments.ENGINE), segments.get(1).documents().get(1),
                "and the engine's, for the command records");
        }
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            // The new command: its event and its record.
            assertEquals(lastSequence + 2, engine.recoveryReport().lastSequence());
            assertEquals(lastSequence + 2, engine.recoveryReport().eventsReplayed());
        }
    }

    @Test
    void theIntervalPolicyAcknowledgesOnlyWhatASyncForced() throws InterruptedException
    {
        // The first write is forced at once; after it no force is due for an hour.
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(1 << 20).snapshotEveryEvents(0)
            .durability(DurabilityPolicy.INTERVAL).syncIntervalMs(TimeUnit.HOURS.toMillis(1));
        final ExchangeCommands commands = new ExchangeCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final long[] outcomes = { 0 };
        final OutcomeHandler count = (session, correlation, sequence, timestamp, reason, detail, duplicate) ->
        {
            outcomes[0]++;
            return true;
        };
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            final EngineDriver driver = new EngineDriver(engine);
            assertEquals(0, driver.execute(1, buffer, 0, commands.openAccount(buffer, 0, 7)), "forced and acked");

            assertTrue(engine.offer(7, 2, buffer, 0, commands.deposit(buffer, 0, 7, 2, 100)) >= 0);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (journaledFrames() < 4)
            {
                assertTrue(System.nanoTime() < deadline, "the journaler writes the deposit");
                Thread.sleep(1);
            }
            final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < until)
            {
                engine.responder().poll(count);
            }
            assertEquals(0, outcomes[0], "written but not forced: not acknowledged");
        }
        assertEquals(4, journaledFrames(), "closing forced the rest: two events, two records");
    }

    private long journaledFrames()
    {
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            return reader.read(1, (sequence, timestamp, buffer, offset, length) -> { });
        }
    }

    @Test
    void retentionArchivesThenDeletesWhatSnapshotsCoverAndRecoveryStillEquals() throws IOException
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, 20, 3).generate(3_000);
        final long liveHash = run(flow, RetentionPolicy.ARCHIVE);
        final List<SegmentFiles.Entry> archived = SegmentFiles.list(dir.resolve("journal"));
        assertTrue(archived.get(0).archived(), "the oldest segments were archived: " + archived);
        assertFalse(archived.get(archived.size() - 1).archived(), "never the newest");
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            final List<SegmentReport> reports = reader.verify();
            assertEquals(liveLast, reports.get(reports.size() - 1).lastSequence());
        }
        // Without snapshots recovery replays the whole journal, archived segments included.
        deleteSnapshots();
        final RecoveryReport full = recover(RetentionPolicy.KEEP, 0);
        assertEquals(liveLast, full.eventsReplayed());
        assertEquals(liveHash, full.stateHash(), "archived segments replay");

        final long hashAfterDelete = run(flow, RetentionPolicy.DELETE);
        final List<SegmentFiles.Entry> kept = SegmentFiles.list(dir.resolve("journal"));
        assertTrue(kept.get(0).firstSequence() > 1, "the oldest segments were deleted: " + kept);
        final RecoveryReport report = recover(RetentionPolicy.DELETE, 0);
        assertEquals(hashAfterDelete, report.stateHash(), "recovered from a snapshot and the segments kept");
    }

    private long liveLast;

    @Test
    void aDamagedSealedSegmentRefusesTheStartNamingSegmentAndOffset() throws IOException
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(32 << 10).snapshotEveryEvents(0);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            new SeededAccountFlow(20, 2).run(new EngineDriver(engine), 3, 1_000, 1);
        }
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir.resolve("journal"));
        assertTrue(entries.size() > 2);
        final JournalSegment sealed;
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            sealed = reader.segments().get(1);
        }
        final long offset = sealed.headerLength() + 30;
        try (RandomAccessFile file = new RandomAccessFile(sealed.file().toFile(), "rw"))
        {
            file.seek(offset);
            final int b = file.read();
            file.seek(offset);
            file.write(b ^ 4);
        }
        final JournalCorruptedException refused = assertThrows(JournalCorruptedException.class,
            () -> Engine.launch(ctx).close());
        assertEquals(sealed.file(), refused.file());
        assertEquals(sealed.headerLength(), refused.offset(), "the damaged frame's start");
        assertTrue(refused.getMessage().contains(sealed.name()), refused.getMessage());
    }

    private void deleteSnapshots() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
    }

    /** Runs the flow (again: rejected repeats are fine) on the data directory; returns the live state hash. */
    private long run(final OrderFlowGenerator.Flow flow, final RetentionPolicy retention)
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(32 << 10).snapshotEveryEvents(500).snapshotsKept(2)
            .retention(retention)
            .addProjection(BalanceProjection.create(dir.resolve("projections").resolve("balances.cm")));
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            // A client per run: the same correlation ids from the same client would be answered as duplicates.
            final EngineDriver driver = new EngineDriver(engine, retention.ordinal() + 1);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            liveLast = driver.sequence(flow.count() - 1);
            return engine.stateHash();
        }
    }

    private RecoveryReport recover(final RetentionPolicy retention, final long snapshotEvery)
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(32 << 10).snapshotEveryEvents(snapshotEvery)
            .retention(retention)
            .addProjection(BalanceProjection.create(dir.resolve("projections").resolve("balances.cm")));
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            return engine.recoveryReport();
        }
    }
}
