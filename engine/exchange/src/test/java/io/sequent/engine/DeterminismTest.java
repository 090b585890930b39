package io.sequent.engine;

import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.SegmentFiles;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterminismTest
{
    @TempDir
    Path dir;

    @Test
    void theSameCommandsGiveByteIdenticalJournals() throws IOException
    {
        final long hashA = run(dir.resolve("a"));
        final long hashB = run(dir.resolve("b"));

        assertEquals(hashA, hashB);
        final List<SegmentFiles.Entry> a = SegmentFiles.list(dir.resolve("a").resolve("journal"));
        final List<SegmentFiles.Entry> b = SegmentFiles.list(dir.resolve("b").resolve("journal"));
        assertTrue(a.size() > 1, "the journal rolled: " + a);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertEquals(a.get(i).path().getFileName(), b.get(i).path().getFileName());
            assertArrayEquals(Files.readAllBytes(a.get(i).path()), Files.readAllBytes(b.get(i).path()));
        }
    }

    private static long run(final Path dataDir)
    {
        final long[] time = { 1_700_000_000_000_000_000L };
        final EpochNanoClock clock = () -> time[0] += 1_000;
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .journalSegmentLength(64 << 10)
            .clock(clock);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            new SeededAccountFlow(50, 3).run(new EngineDriver(engine), 99, 5_000, 1);
            engine.close();
            return engine.stateHash();
        }
    }
}
