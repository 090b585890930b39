package io.sequent.engine;

import io.sequent.engine.ledger.ClientLedger;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.engine.state.EngineState;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.sequent.engine.domain.RecordingEventAppender;

/**
 * Snapshots taken by the snapshotter from its shadow state let recovery start part-way; the state that results is
 * the one a full replay gives, and a damaged snapshot is skipped for the one before it.
 */
class SnapshotRecoveryTest
{
    @TempDir
    Path dir;

    private EngineContext<ExchangeState> context(final long snapshotEvery)
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(8 << 20).snapshotEveryEvents(snapshotEvery).snapshotsKept(3);
    }

    @Test
    void recoveryFromTheNewestValidSnapshotEqualsAFullReplay() throws IOException
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(11, 20, 3).generate(30_000);
        final long liveHash;
        final long lastSequence;
        try (Engine<ExchangeState> engine = Engine.launch(context(5_000)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            liveHash = engine.stateHash();
            lastSequence = driver.sequence(flow.count() - 1);
        }
        final List<Path> snapshots = new SnapshotStore(dir.resolve("snapshots"), 3).list();
        assertEquals(3, snapshots.size(), "the newest 3 are kept: " + snapshots);

        final long fromSnapshotReplayed;
        try (Engine<ExchangeState> engine = Engine.launch(context(0)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(snapshots.get(2).getFileName().toString(), report.snapshot());
            assertEquals(liveHash, report.stateHash());
            assertTrue(report.eventsReplayed() < lastSequence / 2, report.toString());
            fromSnapshotReplayed = report.eventsReplayed();
        }

        // Damage the newest: recovery takes the one before, replays more, and reaches the same state.
        try (RandomAccessFile file = new RandomAccessFile(snapshots.get(2).toFile(), "rw"))
        {
            file.seek(file.length() / 2);
            file.write(file.read() ^ 0x01);
        }
        try (Engine<ExchangeState> engine = Engine.launch(context(0)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(snapshots.get(1).getFileName().toString(), report.snapshot());
            assertEquals(liveHash, report.stateHash());
            assertTrue(report.eventsReplayed() > fromSnapshotReplayed);
        }
    }

    @Test
    void aSnapshotOfFormatOneIsSkippedAndTheJournalReplayedWhole() throws IOException
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(12, 10, 2).generate(3_000);
        final long liveHash;
        try (Engine<ExchangeState> engine = Engine.launch(context(1_000)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            liveHash = engine.stateHash();
        }
        // Written before the client ledger existed: the format field (after the 8-byte magic) says 1.
        final List<Path> snapshots = new SnapshotStore(dir.resolve("snapshots"), 3).list();
        assertTrue(snapshots.size() > 0);
        for (final Path snapshot : snapshots)
        {
            try (RandomAccessFile file = new RandomAccessFile(snapshot.toFile(), "rw"))
            {
                file.seek(8);
                file.write(new byte[] { 1, 0, 0, 0 });
            }
            final IOException refused = assertThrows(IOException.class,
                () -> SnapshotStore.read(new ExchangeDomain(), snapshot, ClientLedger.DEFAULT_WINDOW));
            assertTrue(refused.getMessage().contains("format 1"), refused.getMessage());
        }
        try (Engine<ExchangeState> engine = Engine.launch(context(0)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals("none", report.snapshot());
            assertEquals(report.lastSequence(), report.eventsReplayed());
            assertEquals(liveHash, report.stateHash());
        }
    }

    @Test
    void aSnapshotReadsBackToAnEqualStateAndEqualBytes() throws IOException
    {
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, 10, 2).generate(5_000);
        final RecordingEventAppender events = new RecordingEventAppender();
        for (int i = 0; i < flow.count(); i++)
        {
            events.execute(domain, flow.buffer(), flow.offset(i), flow.length(i), state);
        }
        assertTrue(state.orderCount() > 0);
        final ClientLedger ledger = new ClientLedger(8);
        for (int i = 0; i < 20; i++)
        {
            ledger.record(i % 3, i, 100 + i, i % 2 * 101, i);
        }
        final EngineState<ExchangeState> original = new EngineState<>(domain, state, ledger);
        final EngineState<ExchangeState> copied = SnapshotStore.copy(original, new ExchangeDomain());
        final ExchangeState copy = copied.state();
        assertEquals(domain.stateHash(state), domain.stateHash(copy));
        assertEquals(ledger.hash(), copied.ledger().hash());
        assertEquals(original.hash(), copied.hash());
        assertArrayEquals(bytes(domain, state), bytes(domain, copy));

        // The copy goes on exactly as the original: same events, same hash.
        final OrderFlowGenerator.Flow more = new OrderFlowGenerator(6, 10, 2).generate(1_000);
        for (int i = more.setupCount(); i < more.count(); i++)
        {
            events.execute(domain, more.buffer(), more.offset(i), more.length(i), state);
            events.execute(domain, more.buffer(), more.offset(i), more.length(i), copy);
        }
        assertEquals(domain.stateHash(state), domain.stateHash(copy));
        assertNotEquals(0, state.nextOrderId());
    }

    private static byte[] bytes(final ExchangeDomain domain, final ExchangeState state) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        domain.writeSnapshot(state, new DataOutputStream(out));
        return out.toByteArray();
    }
}
