package io.sequent.engine;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.counter.CounterCommands;
import io.sequent.engine.counter.CounterDomain;
import io.sequent.journal.DurabilityPolicy;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.QuotaStorage;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal whose device fills: the engine refuses new commands {@code STORAGE_FULL} instead of stopping, answers
 * nothing it did not journal (the commands in flight wait, unanswered), leaves no damaged tail, and takes commands
 * again by itself once there is room, or after a restart; every acknowledged command is then in the journal exactly
 * once and the state is the sum of them.
 * <p>
 * The default suite runs it through the storage seam ({@link QuotaStorage}, a byte budget that fails writes past it
 * as a full device does), stepping the engine deterministically. The soak profile ({@code -Dsequent.diskfull.cycles})
 * runs it on a real small file system, a tmpfs the test mounts (it needs root: where mounting fails it says so and
 * falls back to the byte budget), with the engine on its own threads, for several fill-and-free cycles.
 */
class DiskFullTest
{
    private static final long CLIENT = 7;
    private static final int SEGMENT = 64 << 10;
    private static final int COUNTERS = 16;

    @TempDir
    Path tmp;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[64]);

    private static EngineContext<Long2LongHashMap> context(
        final Path dir, final SegmentStorage storage, final ThreadingMode mode)
    {
        return context(dir, storage, mode, SEGMENT);
    }

    private static EngineContext<Long2LongHashMap> context(
        final Path dir, final SegmentStorage storage, final ThreadingMode mode, final int segmentLength)
    {
        return new EngineContext<Long2LongHashMap>()
            .dataDir(dir)
            .domain(CounterDomain::new)
            .threadingMode(mode)
            .storage(storage)
            .durability(DurabilityPolicy.BATCH)
            .journalSegmentLength(segmentLength)
            .snapshotEveryEvents(700)
            .snapshotsKept(2);
    }

    @Test
    void aFullJournalRefusesNewCommandsAnswersOnlyWhatItJournaledAndResumesWhenSpaceReturns() throws IOException
    {
        try (Disk disk = new QuotaDisk(tmp.resolve("data"), 4L << 20))
        {
            final Ledger ledger = run(disk, ThreadingMode.INVOKER, 2);
            assertTrue(ledger.refusals >= 2 * 100, "refused while full: " + ledger.refusals);
        }
    }

    @Test
    void aRestartOnAFullDiskRecoversEveryAcknowledgedCommandAndStillRefusesUntilThereIsRoom() throws IOException
    {
        try (Disk disk = new QuotaDisk(tmp.resolve("data"), 4L << 20))
        {
            final Ledger ledger = new Ledger();
            disk.leave(3L * SEGMENT);
            // A crash while full: the engine is dropped as it stands, nothing closed, nothing drained.
            final Engine<Long2LongHashMap> crashed = Engine.launch(context(disk.dir(), disk.storage(),
                ThreadingMode.INVOKER));
            final EngineDriver first = new EngineDriver(crashed, CLIENT);
            fillUntilRefused(crashed, first, ledger);
            assertTrue(crashed.isStorageFull());
            assertNull(crashed.failure());

            // The restart on the still full device recovers every acknowledged command, then refuses.
            try (Engine<Long2LongHashMap> engine = Engine.launch(context(disk.dir(), disk.storage(),
                ThreadingMode.INVOKER)))
            {
                final EngineDriver driver = new EngineDriver(engine, CLIENT);
                ledger.forgetInFlight(driver);
                Await.until("the restarted engine finds the device full", () ->
                {
                    driver.poll();
                    return engine.isStorageFull();
                });
                final long refusedBefore = ledger.refusals;
                ledger.offer(driver, command, 1);
                Await.until("a command refused", () -> ledger.collect(driver) && ledger.refusals > refusedBefore);

                disk.free();
                resume(engine, driver, ledger);
                engine.close();
                ledger.check(engine);
            }
            check(disk, ledger, ThreadingMode.INVOKER);
        }
    }

    /**
     * Commands of many event slots in flight, more than the rest of a small segment holds, when the device fills
     * (the sequencer keeps room for the largest one-slot command only): the roll that needs a new segment finds no
     * room, and the journaler waits for it rather than fail. Those commands are not answered meanwhile (what is
     * answered is in the journal), and all of them are once there is room.
     */
    @Test
    void aRollThatFindsNoRoomStallsTheJournalerAndAnswersNothingUnjournaled() throws IOException
    {
        try (Disk disk = new QuotaDisk(tmp.resolve("data"), 4L << 20))
        {
            final int segment = 16 << 10;
            final Ledger ledger = new Ledger();
            ledger.burst = 400;
            try (Engine<Long2LongHashMap> engine = Engine.launch(context(disk.dir(), disk.storage(),
                ThreadingMode.INVOKER, segment)))
            {
                final EngineDriver driver = new EngineDriver(engine, CLIENT);
                disk.leave(2L * segment);
                Await.until("the device is full", () ->
                {
                    ledger.offer(driver, command, 8);
                    ledger.collect(driver);
                    return engine.isStorageFull();
                });
                for (int i = 0; i < 1_000; i++)
                {
                    ledger.collect(driver);
                }
                assertNull(engine.failure());
                assertFalse(ledger.inFlight.isEmpty(), "commands wait for room, unanswered");
                final JournalAudit meanwhile = JournalAudit.of(disk.dir().resolve("journal"), CLIENT,
                    dir -> io.sequent.journal.JournalReader.open(dir, disk.storage()));
                for (int i = 0; i < ledger.acknowledged.size(); i++)
                {
                    assertEquals(1, meanwhile.records(ledger.acknowledged.getLong(i)), "answered, so journaled");
                }

                disk.free();
                resume(engine, driver, ledger);
                engine.close();
                ledger.check(engine);
            }
            check(disk, ledger, ThreadingMode.INVOKER);
        }
    }

    /**
     * The soak variant: a real tmpfs of a few MB where the test can mount one.
     */
    @Test
    @EnabledIfSystemProperty(named = "sequent.diskfull.cycles", matches = "\\d+")
    void onASmallFileSystemTheEngineFillsItAndResumesCycleAfterCycle() throws IOException
    {
        final int cycles = Integer.getInteger("sequent.diskfull.cycles");
        try (Disk disk = TmpfsDisk.mountOrQuota(tmp.resolve("data"), 16L << 20))
        {
            final Ledger ledger = run(disk, ThreadingMode.SHARED, cycles);
            System.out.println("disk full on " + disk + ": " + cycles + " cycles, " + ledger.acknowledged.size() +
                " commands acknowledged, " + ledger.refusals + " refused STORAGE_FULL (all re-sent and applied " +
                "once there was room), 0 lost");
        }
    }

    private Ledger run(final Disk disk, final ThreadingMode mode, final int cycles) throws IOException
    {
        final Ledger ledger = new Ledger();
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(disk.dir(), disk.storage(), mode)))
        {
            final EngineDriver driver = new EngineDriver(engine, CLIENT);
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                disk.leave(3L * SEGMENT);
                fillUntilRefused(engine, driver, ledger);
                assertNull(engine.failure(), "a full device does not stop the engine");
                disk.free();
                resume(engine, driver, ledger);
            }
            assertTrue(engine.storageRefusals() >= ledger.refusals, "counted by the engine");
            engine.close();
            ledger.check(engine);
        }
        check(disk, ledger, mode);
        return ledger;
    }

    /**
     * Keeps a window of commands in flight until at least 100 were refused for a full device.
     */
    private void fillUntilRefused(final Engine<?> engine, final EngineDriver driver, final Ledger ledger)
    {
        final long refusedBefore = ledger.refusals;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.DEADLINE_SECONDS * 3);
        while (ledger.refusals - refusedBefore < 100)
        {
            ledger.offer(driver, command, 128);
            ledger.collect(driver);
            if (engine.failure() != null)
            {
                throw new AssertionError("the engine stopped", engine.failure());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the device never filled: " + ledger.acknowledged.size() + " acknowledged");
            }
        }
    }

    /**
     * Once there is room again: the commands that were in flight are answered, the refused ones are sent again and
     * applied, and new ones are taken.
     */
    private void resume(final Engine<?> engine, final EngineDriver driver, final Ledger ledger)
    {
        // Fewer of the large commands: what is taken after the room returns must fit in it.
        final int target = ledger.acknowledged.size() + (ledger.burst > 0 ? 20 : 300);
        Await.until("the engine takes commands again and every refused one is applied", () ->
        {
            ledger.resendRefused(driver, command);
            if (ledger.acknowledged.size() + ledger.inFlight.size() < target)
            {
                ledger.offer(driver, command, ledger.burst > 0 ? 4 : 64);
            }
            ledger.collect(driver);
            if (engine.failure() != null)
            {
                throw new AssertionError("the engine stopped", engine.failure());
            }
            return ledger.acknowledged.size() >= target && ledger.refused.isEmpty() && ledger.inFlight.isEmpty();
        });
        assertFalse(engine.isStorageFull());
    }

    private static void check(final Disk disk, final Ledger ledger, final ThreadingMode mode)
    {
        final JournalAudit audit = JournalAudit.of(disk.dir().resolve("journal"), CLIENT,
            dir -> io.sequent.journal.JournalReader.open(dir, disk.storage()));
        assertEquals(0, audit.tornBytes(), "no damaged tail");
        assertFalse(audit.anyTwice(), "no command journaled twice");
        for (int i = 0; i < ledger.acknowledged.size(); i++)
        {
            final long correlationId = ledger.acknowledged.getLong(i);
            assertEquals(1, audit.records(correlationId), "acknowledged command " + correlationId);
        }
        assertEquals(ledger.acknowledged.size(), audit.commands(), "only acknowledged commands are journaled");
        try (Engine<Long2LongHashMap> engine = Engine.launch(context(disk.dir(), disk.storage(), mode)))
        {
            assertEquals(ledger.stateHash, engine.recoveryReport().stateHash(), "recovered to the same state");
        }
    }

    /**
     * What the test sent and what it was told.
     */
    private static final class Ledger
    {
        private final LongArrayList acknowledged = new LongArrayList();
        private final LongHashSet refused = new LongHashSet();
        private final LongHashSet inFlight = new LongHashSet();
        private final Long2LongHashMap expected = new Long2LongHashMap(0);
        private long next = 1;
        private int burst;
        private long refusals;
        private long stateHash;

        private static long counter(final long correlationId)
        {
            return correlationId % COUNTERS;
        }

        private long amount(final long correlationId)
        {
            return burst > 0 ? burst : 1 + correlationId % 5;
        }

        void offer(final EngineDriver driver, final UnsafeBuffer command, final int window)
        {
            while (inFlight.size() < window)
            {
                send(driver, command, next++);
            }
        }

        private void send(final EngineDriver driver, final UnsafeBuffer command, final long correlationId)
        {
            driver.offer(correlationId, command, 0, burst > 0 ?
                CounterCommands.burst(command, 0, counter(correlationId), burst) :
                CounterCommands.add(command, 0, counter(correlationId), amount(correlationId)));
            inFlight.add(correlationId);
        }

        void resendRefused(final EngineDriver driver, final UnsafeBuffer command)
        {
            final LongHashSet.LongIterator ids = refused.iterator();
            while (ids.hasNext())
            {
                final long correlationId = ids.nextValue();
                ids.remove();
                driver.forget(correlationId);
                send(driver, command, correlationId);
            }
        }

        /**
         * @return true, for use in conditions.
         */
        boolean collect(final EngineDriver driver)
        {
            driver.poll();
            final LongHashSet.LongIterator ids = inFlight.iterator();
            while (ids.hasNext())
            {
                final long correlationId = ids.nextValue();
                final int reason = driver.reason(correlationId);
                if (reason == -1)
                {
                    continue;
                }
                ids.remove();
                if (reason == RejectReason.NONE)
                {
                    acknowledged.addLong(correlationId);
                    expected.put(counter(correlationId), expected.get(counter(correlationId)) +
                        amount(correlationId));
                }
                else if (reason == RejectReason.STORAGE_FULL)
                {
                    refused.add(correlationId);
                    refusals++;
                }
                else
                {
                    throw new AssertionError("command " + correlationId + " rejected " + RejectReason.name(reason));
                }
            }
            return true;
        }

        /**
         * After a crash: what was in flight had no answer, and a client sends it again.
         */
        void forgetInFlight(final EngineDriver driver)
        {
            refused.addAll(inFlight);
            inFlight.clear();
        }

        void check(final Engine<Long2LongHashMap> engine)
        {
            final Long2LongHashMap state = engine.closedState();
            for (long counter = 0; counter < COUNTERS; counter++)
            {
                assertEquals(expected.get(counter), state.get(counter) == state.missingValue() ? 0 :
                    state.get(counter), "counter " + counter + " is the sum of its acknowledged commands");
            }
            stateHash = engine.stateHash();
        }
    }

    /**
     * A device that can be filled and freed.
     */
    private interface Disk extends AutoCloseable
    {
        Path dir();

        SegmentStorage storage();

        /**
         * Leaves only about {@code bytes} free.
         */
        void leave(long bytes) throws IOException;

        /**
         * Makes room, as an operator who freed space.
         */
        void free() throws IOException;

        @Override
        void close() throws IOException;
    }

    /**
     * The storage seam's byte budget.
     */
    private static final class QuotaDisk implements Disk
    {
        private final Path dir;
        private final QuotaStorage storage;

        QuotaDisk(final Path dir, final long capacity) throws IOException
        {
            this.dir = Files.createDirectories(dir);
            this.storage = new QuotaStorage(FileSegmentStorage.INSTANCE, capacity);
        }

        @Override
        public Path dir()
        {
            return dir;
        }

        @Override
        public SegmentStorage storage()
        {
            return storage;
        }

        @Override
        public void leave(final long bytes)
        {
            storage.capacity(storage.used() + bytes);
        }

        @Override
        public void free()
        {
            storage.capacity(storage.used() + (4L << 20));
        }

        @Override
        public void close()
        {
        }

        @Override
        public String toString()
        {
            return "the storage seam's byte budget (" + QuotaStorage.class.getSimpleName() + ")";
        }
    }

    /**
     * A tmpfs mounted for the test, filled with a ballast file.
     */
    private static final class TmpfsDisk implements Disk
    {
        private final Path mount;
        private final Path dir;
        private final Path ballast;
        private final long size;

        private TmpfsDisk(final Path mount, final long size) throws IOException
        {
            this.mount = mount;
            this.size = size;
            this.dir = Files.createDirectories(mount.resolve("data"));
            this.ballast = mount.resolve("ballast");
        }

        static Disk mountOrQuota(final Path dir, final long size) throws IOException
        {
            final Path mount = Files.createDirectories(dir);
            try
            {
                final Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
                    mount.toString()).redirectErrorStream(true).start();
                final String output = new String(process.getInputStream().readAllBytes()).trim();
                if (process.waitFor() == 0)
                {
                    return new TmpfsDisk(mount, size);
                }
                System.out.println("cannot mount a tmpfs (" + output + "): the storage seam's byte budget instead");
            }
            catch (final IOException ex)
            {
                System.out.println("cannot mount a tmpfs (" + ex.getMessage() + "): the byte budget instead");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException(ex);
            }
            return new QuotaDisk(mount, size);
        }

        @Override
        public Path dir()
        {
            return dir;
        }

        @Override
        public SegmentStorage storage()
        {
            return FileSegmentStorage.INSTANCE;
        }

        @Override
        public void leave(final long bytes) throws IOException
        {
            free();
            final long usable = Files.getFileStore(mount).getUsableSpace();
            try (RandomAccessFile file = new RandomAccessFile(ballast.toFile(), "rw"))
            {
                // Written, not just sized: a tmpfs charges pages only when they are touched.
                final byte[] chunk = new byte[1 << 16];
                long left = usable - bytes;
                while (left > 0)
                {
                    final int n = (int)Math.min(chunk.length, left);
                    file.write(chunk, 0, n);
                    left -= n;
                }
            }
        }

        @Override
        public void free() throws IOException
        {
            Files.deleteIfExists(ballast);
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString()
        {
            return "a tmpfs of " + (size >> 20) + " MiB mounted at " + mount;
        }
    }
}
