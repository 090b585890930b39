package io.sequent.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    @TempDir
    Path dir;

    private static JournalWriter.Context small()
    {
        return new JournalWriter.Context().initialLength(4096).maxLength(1 << 20).schemaId(1).schemaVersion(1);
    }

    private static byte[] message(final long sequence)
    {
        final byte[] bytes = new byte[(int)(sequence * 7 % 61)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }
        return bytes;
    }

    private static long[] writeFrames(final Path file, final int count)
    {
        final long[] positions = new long[count + 1];
        try (JournalWriter writer = JournalWriter.open(file, small()))
        {
            positions[0] = writer.position();
            for (int i = 1; i <= count; i++)
            {
                final byte[] bytes = message(i);
                positions[i] = writer.append(i, 1000L + i, new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        return positions;
    }

    private static List<Long> readAll(final Path file, final long from, final long to)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(file))
        {
            reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                assertArrayEquals(message(sequence), bytes, "message " + sequence);
                assertEquals(1000L + sequence, timestamp);
                sequences.add(sequence);
            });
        }
        return sequences;
    }

    @Test
    void framesReadBackFromAnySequenceAndRange()
    {
        final Path file = dir.resolve("j.dat");
        writeFrames(file, 100);
        assertEquals(100, readAll(file, 1, Long.MAX_VALUE).size());
        assertEquals(List.of(40L, 41L, 42L), readAll(file, 40, 42));
        assertEquals(61, readAll(file, 40, Long.MAX_VALUE).size());
        try (JournalReader reader = JournalReader.open(file))
        {
            assertEquals(1, reader.schemaId());
            assertEquals(1, reader.firstSequence());
        }
    }

    @Test
    void aReopenedWriterContinuesAfterTheLastFrame()
    {
        final Path file = dir.resolve("j.dat");
        writeFrames(file, 10);
        try (JournalWriter writer = JournalWriter.open(file, small()))
        {
            assertEquals(10, writer.lastSequence());
            assertEquals(10, writer.openReport().frames());
            assertEquals(-1, writer.openReport().tornOffset());
            final byte[] bytes = message(11);
            writer.append(11, 1011, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        assertEquals(11, readAll(file, 1, Long.MAX_VALUE).size());
    }

    @Test
    void theFileGrowsAndStopsAtItsMaximum()
    {
        final Path file = dir.resolve("j.dat");
        final byte[] bytes = new byte[1000];
        try (JournalWriter writer = JournalWriter.open(file, small()))
        {
            long sequence = 1;
            while (writer.position() < 100_000)
            {
                writer.append(sequence++, 0, new UnsafeBuffer(bytes), 0, bytes.length);
            }
            final JournalFullException full = assertThrows(JournalFullException.class, () ->
            {
                for (long s = writer.lastSequence() + 1; ; s++)
                {
                    writer.append(s, 0, new UnsafeBuffer(bytes), 0, bytes.length);
                }
            });
            assertTrue(full.getMessage().contains("sequent.journal.max.length"), full.getMessage());
        }
        try (JournalReader reader = JournalReader.open(file))
        {
            assertTrue(reader.read(1, (s, t, b, o, l) -> assertEquals(1000, l)) > 1000);
        }
    }

    @Test
    void aSequenceGapIsRefused()
    {
        try (JournalWriter writer = JournalWriter.open(dir.resolve("j.dat"), small()))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> writer.append(2, 0, new UnsafeBuffer(new byte[8]), 0, 8));
            assertTrue(ex.getMessage().contains("expected sequence 1 but got 2"));
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefused() throws IOException
    {
        final Path file = dir.resolve("j.dat");
        Files.write(file, new byte[4096]);
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class,
            () -> JournalWriter.open(file, small()));
        assertEquals(file, ex.file());
        assertTrue(ex.getMessage().contains("not a Sequent journal"));
    }

    @Test
    void theSameAppendsGiveByteIdenticalFiles() throws IOException
    {
        writeFrames(dir.resolve("a.dat"), 200);
        writeFrames(dir.resolve("b.dat"), 200);
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.dat")), Files.readAllBytes(dir.resolve("b.dat")));
    }

    @Test
    void tornTailsAreTruncatedAndReported() throws IOException
    {
        final Path original = dir.resolve("j.dat");
        final long[] positions = writeFrames(original, 50);
        final int lastStart = (int)positions[49];
        final int end = (int)positions[50];

        // A last frame whose body is partly garbage.
        assertTorn(original, "garbage body", lastStart, file -> overwrite(file, lastStart + 30, new byte[] { 1, 2, 3 }));
        // A length written over a body that never arrived.
        assertTorn(original, "length only", end, file ->
        {
            overwrite(file, end, new byte[] { 64, 0, 0, 0 });
            overwrite(file, end + 8, new byte[] { 51, 0, 0, 0, 0, 0, 0, 0 });
        });
        // Random bytes after the last frame.
        assertTorn(original, "garbage after", end, file ->
        {
            final byte[] junk = new byte[100];
            new Random(3).nextBytes(junk);
            overwrite(file, end + 16, junk);
        });
    }

    private void assertTorn(final Path original, final String name, final long tornAt, final Damage damage)
        throws IOException
    {
        final Path file = dir.resolve(name.replace(' ', '-') + ".dat");
        Files.copy(original, file, StandardCopyOption.REPLACE_EXISTING);
        damage.apply(file);
        final long last;
        try (JournalWriter writer = JournalWriter.open(file, small()))
        {
            final JournalOpenReport report = writer.openReport();
            assertEquals(tornAt, report.tornOffset(), name);
            assertTrue(report.tornBytes() > 0, name);
            assertTrue(report.toString().contains("TORN TAIL"), name);
            last = writer.lastSequence();
            final byte[] bytes = message(last + 1);
            writer.append(last + 1, 1001 + last, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        assertEquals(last + 1, readAll(file, 1, Long.MAX_VALUE).size(), name);
        try (JournalWriter writer = JournalWriter.open(file, small()))
        {
            assertEquals(-1, writer.openReport().tornOffset(), name + ": clean after repair");
        }
    }

    @Test
    void everyBitFlipIsDetectedAndNoDamagedFrameIsDelivered() throws IOException
    {
        final Path original = dir.resolve("j.dat");
        final long[] positions = writeFrames(original, 60);
        final Random random = new Random(42);
        int corrupt = 0;
        int torn = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            final Path file = dir.resolve("flip.dat");
            Files.copy(original, file, StandardCopyOption.REPLACE_EXISTING);
            final int frame = 1 + random.nextInt(60);
            final int start = (int)positions[frame - 1];
            final int length = 24 + message(frame).length;
            final int offset = start + random.nextInt(length);
            flipBit(file, offset, random.nextInt(8));

            if (frame < 60)
            {
                final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class,
                    () -> JournalWriter.open(file, small()).close(), "flip in frame " + frame + " at " + offset);
                assertEquals(start, ex.offset(), "flip in frame " + frame + " at " + offset);
                assertThrows(JournalCorruptedException.class, () -> readAll(file, 1, Long.MAX_VALUE));
                corrupt++;
            }
            else
            {
                try (JournalWriter writer = JournalWriter.open(file, small()))
                {
                    assertEquals(start, writer.openReport().tornOffset());
                    assertEquals(59, writer.lastSequence());
                }
                assertEquals(59, readAll(file, 1, Long.MAX_VALUE).size());
                torn++;
            }
        }
        assertEquals(200, corrupt + torn);
        assertTrue(corrupt > 150);
    }

    private static void flipBit(final Path file, final long offset, final int bit) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ (1 << bit));
        }
    }

    private static void overwrite(final Path file, final long offset, final byte[] bytes) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            raf.write(bytes);
        }
    }

    @FunctionalInterface
    private interface Damage
    {
        void apply(Path file) throws IOException;
    }

    @Test
    void verifyReportsWithoutRepairing() throws IOException
    {
        final Path file = dir.resolve("j.dat");
        final long[] positions = writeFrames(file, 20);
        try (JournalReader reader = JournalReader.open(file))
        {
            final JournalOpenReport report = reader.verify();
            assertEquals(20, report.frames());
            assertEquals(20, report.lastSequence());
            assertEquals(-1, report.tornOffset());
        }

        overwrite(file, positions[20] + 16, new byte[] { 9, 9, 9 });
        final byte[] before = Files.readAllBytes(file);
        try (JournalReader reader = JournalReader.open(file))
        {
            final JournalOpenReport report = reader.verify();
            assertEquals(positions[20], report.tornOffset());
            assertTrue(report.tornBytes() > 0);
        }
        assertArrayEquals(before, Files.readAllBytes(file), "verify changes nothing");

        flipBit(file, positions[5] + 30, 2);
        try (JournalReader reader = JournalReader.open(file))
        {
            final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, reader::verify);
            assertEquals(positions[5], ex.offset());
        }
    }

    @Test
    void framesAfterTheLastCommitFrameAreTruncatedAtOpenAndAJournalWithoutAnyIsTakenWhole() throws IOException
    {
        final Path file = dir.resolve("j.dat");
        final long[] positions = writeFrames(file, 10);
        final Path legacy = dir.resolve("legacy.dat");
        Files.copy(file, legacy);
        // Frame 6 completes a unit; 7-10 are an incomplete one, and frame 10 is torn on top of that.
        final CommitMarker sixth =
            (buffer, offset, length) -> length > 0 && buffer.getByte(offset) == (byte)(6 * 31);
        overwrite(file, positions[9] + 30, new byte[] { 9, 9, 9 });
        try (JournalWriter writer = JournalWriter.open(file, small().commitMarker(sixth)))
        {
            final JournalOpenReport report = writer.openReport();
            assertEquals(6, writer.lastSequence());
            assertEquals(6, report.frames());
            assertEquals(3, report.uncommittedFrames(), report.toString());
            assertTrue(report.tornBytes() > 0, report.toString());
            assertEquals(positions[6], writer.position());
            assertTrue(report.toString().contains("INCOMPLETE COMMAND of 3 frames"), report.toString());
            final byte[] bytes = message(7);
            writer.append(7, 1007, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), readAll(file, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(file))
        {
            assertEquals(0, reader.verify().tornBytes(), "the truncated frames are zeroed");
        }

        final CommitMarker none = (buffer, offset, length) -> false;
        try (JournalWriter writer = JournalWriter.open(legacy, small().commitMarker(none)))
        {
            assertEquals(10, writer.lastSequence());
            assertEquals(0, writer.openReport().uncommittedFrames());
        }
    }
}
