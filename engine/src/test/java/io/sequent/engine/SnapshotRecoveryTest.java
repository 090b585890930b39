package io.sequent.engine;

import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.ExchangeDomain;
import io.sequent.exchange.ExchangeState;
import io.sequent.exchange.OrderFlowGenerator;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aSnapshotReadsBackToAnEqualStateAndEqualBytes() throws IOException
    {
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, 10, 2).generate(5_000);
        final io.sequent.engine.domain.RecordingEventAppender events = new io.sequent.engine.domain.RecordingEventAppender();
        for (int i = 0; i < flow.count(); i++)
        {
            events.execute(domain, flow.buffer(), flow.offset(i), flow.length(i), state);
        }
        assertTrue(state.orderCount() > 0);
        final ExchangeState copy = SnapshotStore.copy(domain, state);
        assertEquals(domain.stateHash(state), domain.stateHash(copy));
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
