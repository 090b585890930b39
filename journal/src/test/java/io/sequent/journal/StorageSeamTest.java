package io.sequent.journal;

import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.sequent.journal.JournalTest.message;
import static io.sequent.journal.JournalTest.range;
import static io.sequent.journal.JournalTest.readAll;
import static io.sequent.journal.JournalTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal's file I/O goes through {@link SegmentStorage}: a decorator that fails, shortens or corrupts it changes
 * what the journal does, and the journal reports it instead of acknowledging or delivering anything it should not.
 */
class StorageSeamTest
{
    @TempDir
    Path tmp;

    private static void append(final JournalWriter writer, final long sequence)
    {
        final byte[] bytes = message(sequence);
        writer.append(sequence, 1000L + sequence, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void aFailedForceAtFlushIsReportedAndTheWriterRefusesEverythingAfter()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage();
        final JournalWriter writer = JournalWriter.open(dir,
            small().durability(DurabilityPolicy.BATCH).storage(storage));
        append(writer, 1);
        append(writer, 2);
        writer.flush();
        assertTrue(storage.forces.get() > 0, "the batch was forced through the seam");

        storage.failForces = true;
        append(writer, 3);
        final UncheckedIOException failed = assertThrows(UncheckedIOException.class, writer::flush);
        assertTrue(failed.getMessage().contains(writer.currentFile().getFileName().toString()), failed.getMessage());
        assertTrue(failed.getMessage().contains("sequence 3 may not be durable"), failed.getMessage());
        assertEquals(FaultyStorage.FSYNC_FAILED, failed.getCause().getMessage());

        // A later force could succeed without the lost pages: nothing more is taken, nothing more is acknowledged.
        storage.failForces = false;
        final IllegalStateException refused = assertThrows(IllegalStateException.class, () -> append(writer, 4));
        assertTrue(refused.getMessage().contains("failed force"), refused.getMessage());
        assertThrows(IllegalStateException.class, writer::flush);
        assertEquals(3, writer.lastSequence());
        writer.close();

        try (JournalWriter reopened = JournalWriter.open(dir, small()))
        {
            append(reopened, reopened.lastSequence() + 1);
        }
        assertEquals(range(1, 4), readAll(dir, 1, Long.MAX_VALUE));
    }

    @Test
    void aFailedForceBeforeARollOrOnTheSyncThreadIsReported()
    {
        final FaultyStorage storage = new FaultyStorage();
        try (JournalWriter writer = JournalWriter.open(tmp.resolve("journal"),
            small().durability(DurabilityPolicy.INTERVAL).storage(storage));
            JournalSync sync = new JournalSync(writer))
        {
            append(writer, 1);
            sync.force();
            storage.failForces = true;
            final UncheckedIOException synced = assertThrows(UncheckedIOException.class, sync::force);
            assertTrue(synced.getMessage().contains(writer.currentFile().getFileName().toString()),
                synced.getMessage());

            final long created = writer.segmentsCreated();
            final UncheckedIOException rolled = assertThrows(UncheckedIOException.class, () ->
            {
                for (long i = 2; i <= 100; i++)
                {
                    append(writer, i);
                }
            });
            assertTrue(rolled.getMessage().contains("cannot force journal segment"), rolled.getMessage());
            assertEquals(created, writer.segmentsCreated(), "no roll past a segment that is not durable");
            assertThrows(IllegalStateException.class, () -> append(writer, writer.lastSequence() + 1));
        }
    }

    @Test
    void aFailedWriteFailsTheRollAndTheAppendGoesOnOnceThereIsRoom()
    {
        final Path dir = tmp.resolve("journal");
        final FaultyStorage storage = new FaultyStorage();
        try (JournalWriter writer = JournalWriter.open(dir, small().storage(storage)))
        {
            // The disk fills before the first roll: the roll's preallocation fails.
            final Path first = writer.currentFile();
            storage.failWrites = true;
            long next = 1;
            UncheckedIOException full = null;
            while (full == null)
            {
                try
                {
                    append(writer, next);
                    next++;
                }
                catch (final UncheckedIOException ex)
                {
                    full = ex;
                }
            }
            assertTrue(full.getMessage().contains("cannot roll journal"), full.getMessage());
            assertTrue(full.getMessage().contains(FaultyStorage.DISK_FULL), full.getMessage());
            assertEquals(next - 1, writer.lastSequence(), "the frame that needed the roll is not written");
            assertEquals(first, writer.currentFile(), "still on its segment");

            storage.failWrites = false;
            for (long i = next; i <= next + 30; i++)
            {
                append(writer, i);
            }
            assertEquals(next + 30, writer.lastSequence());
            assertTrue(writer.segmentsCreated() > 1, "rolled once there was room");
        }
        assertEquals(range(1, 31 + SegmentFiles.list(dir).get(1).firstSequence() - 1), readAll(dir, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.verify();
        }
    }

    @Test
    void shortWritesThroughTheSeamGiveTheSameSegmentsAndArchives() throws Exception
    {
        final Path plain = tmp.resolve("plain");
        JournalTest.writeFrames(plain, 1, 200);
        new SegmentRetention(plain, RetentionPolicy.ARCHIVE).apply(Long.MAX_VALUE);

        final Path faulty = tmp.resolve("faulty");
        final FaultyStorage storage = new FaultyStorage();
        storage.maxWrite = 7;
        try (JournalWriter writer = JournalWriter.open(faulty,
            small().durability(DurabilityPolicy.BATCH).storage(storage)))
        {
            for (long i = 1; i <= 200; i++)
            {
                // Some rolls take a spare the preparer made through the seam, the others make their own segment.
                if (i % 40 == 0)
                {
                    writer.segmentPreparer().doWork();
                }
                append(writer, i);
                writer.flush();
            }
        }
        new SegmentRetention(faulty, RetentionPolicy.ARCHIVE, storage).apply(Long.MAX_VALUE);
        assertTrue(storage.shortWrites.get() > 0);

        final List<Path> expected = files(plain);
        final List<Path> actual = files(faulty);
        assertEquals(expected.stream().map(plain::relativize).toList(),
            actual.stream().map(faulty::relativize).toList());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(Files.readAllBytes(expected.get(i)), Files.readAllBytes(actual.get(i)),
                actual.get(i).toString());
        }
        for (final Path file : actual)
        {
            assertTrue(storage.opened.contains(file), "written through the seam: " + file);
        }
    }

    @Test
    void aBitFlippedOnReadIsDetectedAndNeverDelivered() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        JournalTest.writeFrames(dir, 1, 200);
        new SegmentRetention(dir, RetentionPolicy.ARCHIVE).apply(SegmentFiles.list(dir).get(2).firstSequence() - 1);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        assertTrue(entries.get(0).archived() && !entries.get(3).archived(), entries.toString());

        for (final int segment : new int[] { 0, 3 })
        {
            final FaultyStorage storage = new FaultyStorage();
            storage.flipInReadsOf = entries.get(segment).path();
            final List<Long> delivered = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(dir, storage))
            {
                assertThrows(JournalCorruptedException.class, () -> reader.read(1, (sequence, t, buffer, o, l) ->
                {
                    final byte[] bytes = new byte[l];
                    buffer.getBytes(o, bytes);
                    assertArrayEquals(message(sequence), bytes);
                    delivered.add(sequence);
                }));
            }
            assertTrue(delivered.size() < entries.get(segment + 1).firstSequence() - 1, "segment " + segment);
            assertEquals(range(1, delivered.size()), delivered);
        }
        assertEquals(range(1, 200), readAll(dir, 1, Long.MAX_VALUE), "the files themselves are intact");
    }

    private static List<Path> files(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.walk(dir))
        {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Passes everything to the real file system, but can fail forces and writes, shorten writes and flip a bit in
     * what is read from one file.
     */
    static final class FaultyStorage implements SegmentStorage
    {
        static final String FSYNC_FAILED = "injected: fsync failed";
        static final String DISK_FULL = "injected: No space left on device";

        private final SegmentStorage real = FileSegmentStorage.INSTANCE;
        final Set<Path> opened = ConcurrentHashMap.newKeySet();
        final AtomicLong forces = new AtomicLong();
        final AtomicLong shortWrites = new AtomicLong();
        volatile boolean failForces;
        volatile boolean failWrites;
        volatile int maxWrite = Integer.MAX_VALUE;
        volatile Path flipInReadsOf;

        @Override
        public StorageFile open(final Path file, final Access access) throws IOException
        {
            final StorageFile delegate = real.open(file, access);
            opened.add(file);
            return new FaultyFile(delegate, access == Access.READ && file.equals(flipInReadsOf));
        }

        @Override
        public void move(final Path source, final Path target) throws IOException
        {
            real.move(source, target);
            opened.add(target);
        }

        @Override
        public boolean deleteIfExists(final Path file) throws IOException
        {
            return real.deleteIfExists(file);
        }

        @Override
        public void createDirectories(final Path dir) throws IOException
        {
            real.createDirectories(dir);
        }

        @Override
        public void forceDirectory(final Path dir) throws IOException
        {
            force();
            real.forceDirectory(dir);
        }

        private void force() throws IOException
        {
            if (failForces)
            {
                throw new IOException(FSYNC_FAILED);
            }
            forces.incrementAndGet();
        }

        private final class FaultyFile implements StorageFile
        {
            private final StorageFile delegate;
            private final boolean flip;

            FaultyFile(final StorageFile delegate, final boolean flip)
            {
                this.delegate = delegate;
                this.flip = flip;
            }

            @Override
            public Path path()
            {
                return delegate.path();
            }

            @Override
            public long size() throws IOException
            {
                return delegate.size();
            }

            @Override
            public int read(final ByteBuffer dst, final long position) throws IOException
            {
                final int start = dst.position();
                final int read = delegate.read(dst, position);
                final long middle = delegate.size() / 2;
                if (flip && read > 0 && position <= middle && middle < position + read)
                {
                    final int at = start + (int)(middle - position);
                    dst.put(at, (byte)(dst.get(at) ^ 0x10));
                }
                return read;
            }

            @Override
            public int write(final ByteBuffer src, final long position) throws IOException
            {
                if (failWrites)
                {
                    throw new IOException(DISK_FULL);
                }
                final int limit = src.limit();
                if (src.remaining() > maxWrite)
                {
                    src.limit(src.position() + maxWrite);
                    shortWrites.incrementAndGet();
                }
                try
                {
                    return delegate.write(src, position);
                }
                finally
                {
                    src.limit(limit);
                }
            }

            @Override
            public void truncate(final long size) throws IOException
            {
                delegate.truncate(size);
            }

            @Override
            public void force(final boolean metadata) throws IOException
            {
                FaultyStorage.this.force();
                delegate.force(metadata);
            }

            @Override
            public ByteBuffer map(final long length) throws IOException
            {
                final ByteBuffer mapped = delegate.map(length);
                if (!flip)
                {
                    return mapped;
                }
                // A damaged copy: the segment on disk stays intact, only this reader sees the flip.
                final ByteBuffer copy = ByteBuffer.allocateDirect(mapped.capacity());
                copy.put(mapped.duplicate()).clear();
                final int middle = copy.capacity() / 2;
                copy.put(middle, (byte)(copy.get(middle) ^ 0x10));
                return copy;
            }

            @Override
            public void forceMapped(final int offset, final int length) throws IOException
            {
                FaultyStorage.this.force();
                delegate.forceMapped(offset, length);
            }

            @Override
            public void close() throws IOException
            {
                delegate.close();
            }
        }
    }
}
