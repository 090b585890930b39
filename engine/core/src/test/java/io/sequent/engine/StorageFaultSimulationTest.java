package io.sequent.engine;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.counter.CounterCommands;
import io.sequent.engine.counter.CounterDomain;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFaults;
import io.sequent.journal.storage.StorageFaults.Kind;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The engine over a storage that fails writes, shortens them, fails forces and flips bits on read at seeded random
 * points ({@link StorageFaults}), through crash and restart cycles: a run under write and force faults until the
 * engine stops on one or the test abandons it (a crash: nothing closed); a restart on clean storage that audits the
 * journal (every command answered accepted is there exactly once, nothing twice) and re-sends what was unanswered,
 * as a client does; a restart that reads under bit flips, which either refuses (the damage detected) or recovers
 * exactly the state of the clean restart, never another.
 * <p>
 * Seeds: {@code sequent.storage.fault.seeds} (default 4; the soak profile runs more), from
 * {@code sequent.storage.fault.seed} (default 1).
 */
class StorageFaultSimulationTest
{
    private static final int SEEDS = Integer.getInteger("sequent.storage.fault.seeds", 4);
    private static final long FIRST_SEED = Long.getLong("sequent.storage.fault.seed", 1);
    private static final int CYCLES = 4;
    private static final long CLIENT = 7;
    private static final int COUNTERS = 8;

    @TempDir
    Path tmp;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);

    private static EngineContext<Long2LongHashMap> context(final Path dir, final SegmentStorage storage)
    {
        return new EngineContext<Long2LongHashMap>()
            .dataDir(dir)
            .domain(CounterDomain::new)
            .threadingMode(ThreadingMode.INVOKER)
            .storage(storage)
            .durability(DurabilityPolicy.BATCH)
            .journalSegmentLength(16 << 10)
            .snapshotEveryEvents(150)
            .snapshotsKept(2);
    }

    @Test
    void everyAcknowledgedCommandSurvivesAndEveryCorruptionIsDetected()
    {
        final Figures figures = new Figures();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++)
        {
            run(seed, figures);
        }
        System.out.println("storage fault simulation: " + SEEDS + " seeds (" + FIRST_SEED + ".." +
            (FIRST_SEED + SEEDS - 1) + "), " + figures);
        assertEquals(0, figures.lost, "acknowledged commands lost");
        assertEquals(0, figures.undetected, "corruptions applied");
    }

    private void run(final long seed, final Figures figures)
    {
        final Path dir = tmp.resolve("seed-" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final StorageFaults faults = new StorageFaults(FileSegmentStorage.INSTANCE, seed)
            .rate(Kind.WRITE_FAILED, 0.02)
            .rate(Kind.SHORT_WRITE, 0.1)
            .rate(Kind.FORCE_FAILED, 0.003)
            .rate(Kind.READ_FLIP, 0.08);
        final Client client = new Client();
        for (int cycle = 0; cycle < CYCLES; cycle++)
        {
            final long hash = cleanRestart(dir, client, figures);
            faultyRecovery(dir, faults, hash, figures);
            faultyRun(dir, faults, client, random, figures);
        }
        cleanRestart(dir, client, figures);
        figures.add(faults);
        figures.acknowledged += client.acknowledged.size();
    }

    /**
     * A restart on clean storage: audits the journal against what was acknowledged, re-sends the unanswered
     * commands until every one is answered, checks the state is the sum of them all.
     *
     * @return the state hash, after a clean close.
     */
    private long cleanRestart(final Path dir, final Client client, final Figures figures)
    {
        final JournalAudit audit = JournalAudit.of(dir.resolve("journal"), CLIENT);
        assertFalse(audit.anyTwice(), "no command journaled twice");
        for (int i = 0; i < client.acknowledged.size(); i++)
        {
            if (audit.records(client.acknowledged.getLong(i)) != 1)
            {
                figures.lost++;
            }
        }
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, FileSegmentStorage.INSTANCE)))
        {
            final EngineDriver driver = new EngineDriver(engine, CLIENT);
            client.resendUnanswered(driver, command);
            Await.until("every command is answered", () ->
            {
                client.collect(driver);
                return client.inFlight.isEmpty();
            });
            engine.close();
            final Long2LongHashMap state = engine.closedState();
            for (long counter = 0; counter < COUNTERS; counter++)
            {
                assertEquals(client.expected.get(counter), state.get(counter) == state.missingValue() ? 0 :
                    state.get(counter), "counter " + counter + " is the sum of the commands answered accepted");
            }
            return engine.stateHash();
        }
    }

    /**
     * A restart that reads the journal and snapshots under bit flips: refused, or the clean restart's state.
     */
    private void faultyRecovery(final Path dir, final StorageFaults faults, final long hash, final Figures figures)
    {
        faults.arm(true);
        final long flipsBefore = faults.injected(Kind.READ_FLIP);
        final long faultsBefore = total(faults);
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(dir, faults)))
        {
            faults.arm(false);
            figures.recoveries++;
            if (engine.recoveryReport().stateHash() != hash)
            {
                figures.undetected++;
            }
            else if (faults.injected(Kind.READ_FLIP) > flipsBefore)
            {
                // The flips it read were found and stepped around (a snapshot skipped for an older one).
                figures.flipsSurvived++;
            }
        }
        catch (final RuntimeException ex)
        {
            faults.arm(false);
            if (total(faults) == faultsBefore)
            {
                throw new AssertionError("recovery failed with no fault injected", ex);
            }
            assertNotNull(ex.getMessage(), "a clear error");
            figures.recoveriesRefused++;
        }
    }

    /**
     * Commands under write and force faults until the engine stops on one, the test abandons it (a crash) or it
     * is closed.
     */
    private void faultyRun(
        final Path dir, final StorageFaults faults, final Client client, final SplittableRandom random,
        final Figures figures)
    {
        final Engine<Long2LongHashMap> engine;
        try
        {
            engine = Engine.launch(context(dir, faults.arm(true)));
        }
        catch (final RuntimeException ex)
        {
            faults.arm(false);
            figures.startsRefused++;
            return;
        }
        final EngineDriver driver = new EngineDriver(engine, CLIENT);
        final int commands = 100 + random.nextInt(400);
        final boolean crash = random.nextBoolean();
        final int target = client.acknowledged.size() + commands;
        final long deadline = System.nanoTime() + Await.DEADLINE_SECONDS * 1_000_000_000L;
        while (engine.failure() == null && client.acknowledged.size() < target && System.nanoTime() < deadline)
        {
            try
            {
                client.offer(driver, command, 16);
            }
            catch (final AssertionError ex)
            {
                // An engine that stopped on a fault takes nothing more.
                break;
            }
            client.collect(driver);
            if (engine.isStorageFull())
            {
                // A failed write left no spare segment: the engine refuses STORAGE_FULL, serving still; this run
                // ends there (DiskFullTest covers the resuming).
                figures.full++;
                break;
            }
        }
        faults.arm(false);
        if (engine.failure() != null)
        {
            assertNotNull(engine.failure().getMessage(), "a clear error");
            figures.stops++;
            client.collect(driver);
            engine.close();
            return;
        }
        if (crash)
        {
            // Abandoned as it stands: nothing closed, nothing drained; what it did not answer is re-sent later.
            figures.crashes++;
            return;
        }
        try
        {
            engine.close();
        }
        catch (final RuntimeException ex)
        {
            figures.stops++;
        }
        client.collect(driver);
    }

    private static long total(final StorageFaults faults)
    {
        long total = 0;
        for (final Kind kind : Kind.values())
        {
            total += faults.injected(kind);
        }
        return total;
    }

    /**
     * What the client sent and was told.
     */
    private static final class Client
    {
        private final LongArrayList acknowledged = new LongArrayList();
        private final LongHashSet inFlight = new LongHashSet();
        private final Long2LongHashMap expected = new Long2LongHashMap(0);
        private long next = 1;

        private static long counter(final long correlationId)
        {
            return correlationId % COUNTERS;
        }

        private static long amount(final long correlationId)
        {
            return 1 + correlationId % 5;
        }

        void offer(final EngineDriver driver, final UnsafeBuffer command, final int window)
        {
            while (inFlight.size() < window)
            {
                send(driver, command, next);
                next++;
            }
        }

        private void send(final EngineDriver driver, final UnsafeBuffer command, final long correlationId)
        {
            inFlight.add(correlationId);
            driver.offer(correlationId, command, 0, CounterCommands.add(command, 0, counter(correlationId),
                amount(correlationId)));
        }

        void resendUnanswered(final EngineDriver driver, final UnsafeBuffer command)
        {
            final long[] ids = new long[inFlight.size()];
            int i = 0;
            for (final LongHashSet.LongIterator it = inFlight.iterator(); it.hasNext(); )
            {
                ids[i++] = it.nextValue();
            }
            for (final long id : ids)
            {
                driver.forget(id);
                send(driver, command, id);
            }
        }

        void collect(final EngineDriver driver)
        {
            driver.poll();
            for (final LongHashSet.LongIterator ids = inFlight.iterator(); ids.hasNext(); )
            {
                final long correlationId = ids.nextValue();
                final int reason = driver.reason(correlationId);
                if (reason == -1)
                {
                    continue;
                }
                if (reason == RejectReason.STORAGE_FULL)
                {
                    // Refused, not applied: stays unanswered for the client, which sends it again.
                    driver.forget(correlationId);
                    continue;
                }
                ids.remove();
                assertEquals(RejectReason.NONE, reason, "command " + correlationId + ": " +
                    RejectReason.name(reason));
                acknowledged.addLong(correlationId);
                expected.put(counter(correlationId), expected.get(counter(correlationId)) + amount(correlationId));
            }
        }
    }

    /**
     * The figures the note reports.
     */
    private static final class Figures
    {
        private final long[] injected = new long[Kind.values().length];
        private long acknowledged;
        private long lost;
        private long undetected;
        private long recoveries;
        private long recoveriesRefused;
        private long flipsSurvived;
        private long startsRefused;
        private long stops;
        private long full;
        private long crashes;

        void add(final StorageFaults faults)
        {
            for (final Kind kind : Kind.values())
            {
                injected[kind.ordinal()] += faults.injected(kind);
            }
        }

        @Override
        public String toString()
        {
            final StringBuilder text = new StringBuilder("faults injected:");
            for (final Kind kind : Kind.values())
            {
                text.append(' ').append(kind).append(' ').append(injected[kind.ordinal()]);
            }
            return text + "; recoveries under read flips: " + recoveriesRefused + " refused (detected), " +
                recoveries + " recovered the clean state (" + flipsSurvived + " of them after reading a flip they " +
                "stepped around), " + undetected + " to another state; runs under write/fsync faults: " + stops +
                " stopped on a fault, " + full + " refusing STORAGE_FULL, " + startsRefused + " refused to start, " +
                crashes + " crashed; " +
                acknowledged + " commands acknowledged, " + lost + " lost";
        }
    }
}
