package io.sequent.engine;

import io.sequent.exchange.ExchangeDomain;
import io.sequent.exchange.ExchangeState;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        final byte[] a = Files.readAllBytes(dir.resolve("a").resolve("journal").resolve("journal.dat"));
        final byte[] b = Files.readAllBytes(dir.resolve("b").resolve("journal").resolve("journal.dat"));
        assertArrayEquals(a, b);
    }

    private static long run(final Path dataDir)
    {
        final long[] time = { 1_700_000_000_000_000_000L };
        final EpochNanoClock clock = () -> time[0] += 1_000;
        final EngineContext<ExchangeState> ctx = new EngineContext<ExchangeState>()
            .dataDir(dataDir)
            .domain(ExchangeDomain::new)
            .journalInitialLength(1 << 20)
            .clock(clock);
        try (Engine<ExchangeState> engine = Engine.launch(ctx))
        {
            new SeededAccountFlow(50, 3).run(new EngineDriver(engine), 99, 5_000, 1);
            engine.close();
            return engine.stateHash();
        }
    }
}
