package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalTest.message;
import static io.sequent.journal.JournalTest.range;
import static io.sequent.journal.JournalTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Encrypted segments (format 3): frames read back as written, every segment and archive holds only ciphertext, a
 * wrong or missing key fails naming the segment and the key id, a tampered block fails its tag and is never
 * delivered, keys rotate at a segment boundary, a torn tail is cut at a block's end and the next frames go to a new
 * segment under a new key, blocks end at commit frames, and plain segments written before stay readable.
 */
class EncryptedJournalTest
{
    private static final int TRIALS = Integer.getInteger("sequent.journal.damage.trials", 150);
    /** A frame whose first message byte is 1 completes a unit (a command, for the engine). */
    private static final CommitMarker FIRST_BYTE_ONE = (buffer, offset, length) -> length > 0 &&
        buffer.getByte(offset) == 1;

    @TempDir
    Path tmp;

    private final JournalKeyring keys = JournalKeyring.generate(1);

    private static void append(final JournalWriter writer, final long sequence)
    {
        final byte[] bytes = message(sequence);
        writer.append(sequence, 1000L + sequence, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static void write(final Path dir, final JournalWriter.Context ctx, final long from, final long to)
    {
        try (JournalWriter writer = JournalWriter.open(dir, ctx))
        {
            for (long i = from; i <= to; i++)
            {
                append(writer, i);
                if (i % 7 == 0)
                {
                    writer.flush();
                }
            }
        }
    }

    private static List<Long> readAll(final Path dir, final JournalKeyring keyring)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keyring))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) ->
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

    private static List<Path> segments(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(SegmentFiles.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    private static boolean contains(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void framesReadBackAsWrittenAndTheFilesHoldNoPlaintext() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 300);
        assertEquals(range(1, 300), readAll(dir, keys));
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
        {
            final List<SegmentReport> reports = reader.verify();
            assertTrue(reports.size() > 3, "rolled: " + reports);
            for (final SegmentReport report : reports)
            {
                assertEquals(JournalFrame.ENCRYPTED_FORMAT_VERSION, report.segment().formatVersion());
                assertEquals(1, report.segment().keyId());
                assertEquals(0, report.tornBytes());
            }
        }
        // The longest messages (60 bytes of a recognisable pattern) appear nowhere on disk.
        for (final Path segment : segments(dir))
        {
            final byte[] bytes = Files.readAllBytes(segment);
            for (long sequence = 1; sequence <= 300; sequence++)
            {
                if (message(sequence).length >= 40)
                {
                    assertFalse(contains(bytes, message(sequence)), "plaintext of " + sequence + " in " + segment);
                }
            }
        }
    }

    @Test
    void aWrongOrMissingKeyFailsNamingTheSegmentAndTheKeyId()
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 20);
        final String first = SegmentFiles.name(1);

        final JournalKeyException wrong = assertThrows(JournalKeyException.class,
            () -> readAll(dir, JournalKeyring.generate(1)));
        assertTrue(wrong.getMessage().contains(first) && wrong.getMessage().contains("key id 1") &&
            wrong.getMessage().contains("does not authenticate"), wrong.getMessage());

        final JournalKeyException other = assertThrows(JournalKeyException.class,
            () -> readAll(dir, JournalKeyring.generate(2)));
        assertTrue(other.getMessage().contains(first) && other.getMessage().contains("key id 1") &&
            other.getMessage().contains("does not hold"), other.getMessage());

        final JournalKeyException missing = assertThrows(JournalKeyException.class, () -> readAll(dir, null));
        assertTrue(missing.getMessage().contains(first) && missing.getMessage().contains("no key is given") &&
            missing.getMessage().contains("--key-file"), missing.getMessage());

        final JournalKeyException writer = assertThrows(JournalKeyException.class,
            () -> JournalWriter.open(dir, small().keyring(JournalKeyring.generate(1))));
        assertTrue(writer.getMessage().contains("key id 1"), writer.getMessage());
    }

    @Test
    void aTamperedBlockFailsItsTagAndIsNeverDelivered() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 100);
        final Path segment = segments(dir).get(1);
        final byte[] bytes = Files.readAllBytes(segment);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int start = buffer.getInt(JournalFrame.HEADER_LENGTH_FIELD_OFFSET);
        final int length = buffer.getInt(start);
        // One bit of ciphertext changed, and the CRC made to match: only the tag can tell.
        bytes[start + JournalFrame.BLOCK_HEADER_LENGTH + 3] ^= 0x20;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, start + JournalFrame.SEQUENCE_OFFSET, length - JournalFrame.SEQUENCE_OFFSET);
        buffer.putInt(start + JournalFrame.CRC_OFFSET, (int)crc.getValue());
        Files.write(segment, bytes);

        final long firstOfTampered = buffer.getLong(JournalFrame.FIRST_SEQUENCE_OFFSET);
        final List<Long> delivered = new ArrayList<>();
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () ->
        {
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
            {
                reader.read(1, (sequence, timestamp, b, offset, l) -> delivered.add(sequence));
            }
        });
        assertTrue(ex.getMessage().contains("authentication tag") && ex.getMessage().contains(segment.toString()),
            ex.getMessage());
        assertEquals(range(1, firstOfTampered - 1), delivered, "nothing from the tampered segment");
    }

    @Test
    void keysRotateAtASegmentBoundaryAndOldSegmentsNeedTheirKey()
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 50);
        final JournalKeyring rotated = JournalKeyring.generate(2).with(keys);
        assertEquals(2, rotated.currentId());
        write(dir, small().keyring(rotated), 51, 120);
        final Set<Integer> ids = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, rotated))
        {
            reader.segments().forEach(segment -> ids.add(segment.keyId()));
        }
        assertEquals(Set.of(1, 2), ids);
        assertEquals(range(1, 120), readAll(dir, rotated));
        final JournalKeyException without = assertThrows(JournalKeyException.class,
            () -> readAll(dir, JournalKeyring.parse(rotated.toText().replaceAll("(?m)^1=.*$", ""), "test")));
        assertTrue(without.getMessage().contains("key id 1"), without.getMessage());
    }

    @Test
    void aTornTailIsCutAtABlockEndAndTheNextFramesGoToANewSegmentUnderANewKey() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 40);
        final Path last = segments(dir).get(segments(dir).size() - 1);
        final byte[] saltBefore = salt(last);
        final long[] end = lastBlock(last);
        // The last block half written: garbage in its second half.
        try (RandomAccessFile raf = new RandomAccessFile(last.toFile(), "rw"))
        {
            raf.seek(end[0] + (end[1] - end[0]) / 2);
            raf.write(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
        }
        final long kept;
        try (JournalWriter writer = JournalWriter.open(dir, small().keyring(keys)))
        {
            assertTrue(writer.openReport().tornBytes() > 0, writer.openReport().toString());
            kept = writer.lastSequence();
            assertTrue(kept < 40);
            assertTrue(!writer.currentFile().equals(last), "a new segment after the torn one");
            for (long i = kept + 1; i <= kept + 30; i++)
            {
                append(writer, i);
            }
        }
        assertFalse(java.util.Arrays.equals(saltBefore, salt(segments(dir).get(segments(dir).size() - 1))));
        assertEquals(range(1, kept + 30), readAll(dir, keys));
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
        {
            reader.verify().forEach(report -> assertEquals(0, report.tornBytes(), report.toString()));
        }
    }

    @Test
    void blocksEndAtCommitFramesAndAnIncompleteUnitIsCutAtOpen()
    {
        final Path dir = tmp.resolve("journal");
        // Units of three frames, the third the commit; the last unit never completes.
        try (JournalWriter writer = JournalWriter.open(dir, small().keyring(keys).commitMarker(FIRST_BYTE_ONE)))
        {
            for (long i = 1; i <= 92; i++)
            {
                final byte[] bytes = message(i);
                final byte[] framed = new byte[Math.max(1, bytes.length)];
                System.arraycopy(bytes, 0, framed, 0, bytes.length);
                framed[0] = (byte)(i % 3 == 0 ? 1 : 2);
                writer.append(i, i, new UnsafeBuffer(framed), 0, framed.length);
                if (i % 5 == 0)
                {
                    writer.flush();
                }
            }
        }
        try (JournalWriter writer = JournalWriter.open(dir, small().keyring(keys).commitMarker(FIRST_BYTE_ONE)))
        {
            assertEquals(90, writer.lastSequence(), writer.openReport().toString());
        }
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
        {
            reader.read(1, (sequence, timestamp, buffer, offset, length) -> sequences.add(sequence));
            // Every segment ends with a commit frame: no unit straddles a segment.
            for (final SegmentReport report : reader.verify())
            {
                if (report.frames() > 0)
                {
                    assertEquals(0, report.lastSequence() % 3, report.toString());
                }
            }
        }
        assertEquals(range(1, 90), sequences);
    }

    @Test
    void archivesOfEncryptedSegmentsAreSealedAndReadWithTheKey() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small().keyring(keys), 1, 200);
        final int archived = new SegmentRetention(dir, RetentionPolicy.ARCHIVE, FileSegmentStorage.INSTANCE, keys)
            .apply(150);
        assertTrue(archived > 2);
        try (Stream<Path> files = Files.list(dir.resolve(SegmentFiles.ARCHIVE_DIR)))
        {
            for (final Path archive : files.toList())
            {
                final byte[] bytes = Files.readAllBytes(archive);
                assertTrue(SealedArchive.isSealed(bytes), archive.toString());
                for (long sequence = 1; sequence <= 200; sequence++)
                {
                    if (message(sequence).length >= 40)
                    {
                        assertFalse(contains(bytes, message(sequence)), "plaintext in " + archive);
                    }
                }
            }
        }
        assertEquals(range(1, 200), readAll(dir, keys));
        assertThrows(JournalKeyException.class, () -> readAll(dir, JournalKeyring.generate(1)));
    }

    @Test
    void plainSegmentsWrittenBeforeStayReadableAndNewOnesAreEncrypted()
    {
        final Path dir = tmp.resolve("journal");
        write(dir, small(), 1, 60);
        write(dir, small().keyring(keys), 61, 130);
        final Set<Integer> formats = new HashSet<>();
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
        {
            reader.segments().forEach(segment -> formats.add(segment.formatVersion()));
        }
        assertEquals(Set.of(JournalFrame.FORMAT_VERSION, JournalFrame.ENCRYPTED_FORMAT_VERSION), formats);
        assertEquals(range(1, 130), readAll(dir, keys));
        // Back to plain: the keyring reads the encrypted segments, none current, new segments plain.
        write(dir, small().keyring(keys.withCurrent(0)), 131, 160);
        assertEquals(range(1, 160), readAll(dir, keys));
    }

    @Test
    void randomBitFlipsInEncryptedSegmentsAreDetectedAndNeverDelivered() throws IOException
    {
        final Path original = tmp.resolve("original");
        write(original, small().keyring(keys), 1, 150);
        final List<Path> files = segments(original);
        final Random random = new Random(77);
        int detected = 0;
        int harmless = 0;
        for (int trial = 0; trial < TRIALS; trial++)
        {
            final Path dir = tmp.resolve("trial");
            org.agrona.IoUtil.delete(dir.toFile(), true);
            Files.createDirectories(dir);
            for (final Path file : files)
            {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            final Path victim = dir.resolve(files.get(random.nextInt(files.size())).getFileName());
            final long[] used = lastBlock(victim);
            final long offset = (long)(random.nextDouble() * used[1]);
            try (RandomAccessFile raf = new RandomAccessFile(victim.toFile(), "rw"))
            {
                raf.seek(offset);
                final int b = raf.read();
                raf.seek(offset);
                raf.write(b ^ (1 << random.nextInt(8)));
            }
            final List<Long> delivered = new ArrayList<>();
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
            {
                reader.read(1, (sequence, timestamp, buffer, o, length) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(o, bytes);
                    assertArrayEquals(message(sequence), bytes, "a damaged frame delivered at " + sequence);
                    delivered.add(sequence);
                });
                harmless++;
            }
            catch (final JournalCorruptedException | JournalKeyException ex)
            {
                detected++;
            }
            assertEquals(range(1, delivered.size()), delivered);
        }
        System.out.println("encrypted journal bit flips: " + TRIALS + " trials (seed 77): " + detected +
            " detected, " + harmless + " in bytes no reader uses, none delivered");
        assertTrue(detected > TRIALS * 9 / 10, detected + " of " + TRIALS);
    }

    private static byte[] salt(final Path segment) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(segment);
        return java.util.Arrays.copyOfRange(bytes, JournalFrame.SALT_OFFSET, JournalFrame.SALT_OFFSET + 16);
    }

    /**
     * @return the start and end of the segment's last block.
     */
    private static long[] lastBlock(final Path segment) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(segment)).order(ByteOrder.LITTLE_ENDIAN);
        int pos = buffer.getInt(JournalFrame.HEADER_LENGTH_FIELD_OFFSET);
        int start = pos;
        while (pos + 4 <= buffer.capacity() && buffer.getInt(pos) != 0)
        {
            start = pos;
            pos += buffer.getInt(pos);
        }
        return new long[] { start, pos };
    }
}
