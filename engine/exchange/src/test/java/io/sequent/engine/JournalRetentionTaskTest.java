package io.sequent.engine;

import io.sequent.engine.domain.Projection;
import io.sequent.engine.snapshot.JournalRetentionTask;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.journal.JournalReader;
import io.sequent.journal.RetentionPolicy;
import io.sequent.journal.SegmentFiles;
import io.sequent.journal.SegmentRetention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention after a snapshot: {@code delete} never takes a segment holding a frame some projection has not
 * applied; {@code archive} keeps every frame readable, so it need not wait.
 */
class JournalRetentionTaskTest
{
    @TempDir
    Path dir;

    private long writeJournal()
    {
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new).journalSegmentLength(32 << 10).snapshotEveryEvents(0);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            new SeededAccountFlow(30, 2).run(new EngineDriver(engine), 5, 1_500, 1);
            engine.close();
            return engine.recoveryReport().lastSequence();
        }
    }

    @Test
    void deleteWaitsForTheSlowestProjection()
    {
        writeJournal();
        final Path journal = dir.resolve("journal");
        final List<SegmentFiles.Entry> before = SegmentFiles.list(journal);
        assertTrue(before.size() > 4, "segments: " + before.size());
        final long last = lastSequence(journal);
        final long applied = before.get(3).firstSequence() + 1;

        try (BalanceProjection projection = BalanceProjection.create(dir.resolve("balances.cm")))
        {
            final JournalRetentionTask task = new JournalRetentionTask(
                new SegmentRetention(journal, RetentionPolicy.DELETE), new Projection[] { projection });
            task.accept(last);
            assertEquals(before.size(), SegmentFiles.list(journal).size(), "the projection applied nothing yet");

            try (JournalReader reader = JournalReader.open(journal))
            {
                reader.read(1, applied, projection::onEvent);
            }
            assertEquals(applied, projection.lastAppliedSequence());
            task.accept(last);
            final List<SegmentFiles.Entry> after = SegmentFiles.list(journal);
            assertEquals(before.get(3).firstSequence(), after.get(0).firstSequence(),
                "the segments wholly applied are gone, the one holding unapplied frames stays");
        }
    }

    @Test
    void archiveFollowsTheSnapshotAlone()
    {
        writeJournal();
        final Path journal = dir.resolve("journal");
        final int segments = SegmentFiles.list(journal).size();
        final long last = lastSequence(journal);
        try (BalanceProjection projection = BalanceProjection.create(dir.resolve("balances.cm")))
        {
            new JournalRetentionTask(new SegmentRetention(journal, RetentionPolicy.ARCHIVE),
                new Projection[] { projection }).accept(last);
        }
        final List<SegmentFiles.Entry> after = SegmentFiles.list(journal);
        assertEquals(segments, after.size());
        assertEquals(segments - 1, after.stream().filter(SegmentFiles.Entry::archived).count());
        assertEquals(last, lastSequence(journal), "every frame still reads");
    }

    private static long lastSequence(final Path journal)
    {
        final long[] last = { 0 };
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) -> last[0] = sequence);
        }
        return last[0];
    }
}
