package io.sequent.engine;

import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots on a timer through the real engine: after the last command the engine is idle, and the snapshotter
 * still notices the time (the read side looks at it on every duty cycle) and writes a snapshot of everything that
 * arrived; a restart recovers from it with nothing left to replay. Checked with dedicated and shared threads.
 */
class SnapshotTimerTest
{
    @TempDir
    Path dir;

    private EngineContext<ExchangeState> context(final ThreadingMode mode, final long intervalMs)
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(1 << 20).threadingMode(mode)
            .snapshotEveryEvents(0).snapshotIntervalMs(intervalMs);
    }

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = { "DEDICATED", "SHARED" })
    void anIdleEngineSnapshotsOnItsTimer(final ThreadingMode mode) throws InterruptedException
    {
        final SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"), 3);
        final long liveHash;
        final long lastSequence;
        try (Engine<ExchangeState> engine = Engine.launch(context(mode, 50)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            final ExchangeCommands commands = new ExchangeCommands();
            final UnsafeBuffer command = new UnsafeBuffer(new byte[128]);
            int correlationId = 0;
            for (long account = 1; account <= 20; account++)
            {
                assertEquals(0, driver.execute(correlationId++, command, 0, commands.openAccount(command, 0, account)));
                assertEquals(0, driver.execute(correlationId++, command, 0,
                    commands.deposit(command, 0, account, 1, 100 * account)));
            }
            lastSequence = driver.sequence(correlationId - 1);

            // Idle from here: only the read side's duty cycles can give the snapshotter the time.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!newestCovers(store, lastSequence) && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            engine.close();
            liveHash = engine.stateHash();
        }
        assertTrue(newestCovers(store, lastSequence), "no timed snapshot of sequence " + lastSequence + ": " +
            store.list());

        try (Engine<ExchangeState> engine = Engine.launch(context(mode, 0)))
        {
            final RecoveryReport report = engine.recoveryReport();
            assertEquals(String.format("snapshot-%020d.snap", lastSequence), report.snapshot());
            assertEquals(0, report.eventsReplayed());
            assertEquals(liveHash, report.stateHash());
        }
    }

    private static boolean newestCovers(final SnapshotStore store, final long sequence)
    {
        final List<Path> files = store.list();
        return !files.isEmpty() &&
            files.get(files.size() - 1).getFileName().toString().equals(String.format("snapshot-%020d.snap", sequence));
    }
}
