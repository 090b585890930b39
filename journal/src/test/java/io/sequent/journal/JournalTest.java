package io.sequent.journal;

import io.sequent.journal.storage.FileSegmentStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest
{
    private static final byte[] SCHEMA = "<schema id=\"1\" version=\"1\"/>".getBytes(StandardCharsets.UTF_8);

    /** Random torn tails and bit flips per test (the soak profile raises it). */
    private static final int TRIALS = Integer.getInteger("sequent.journal.damage.trials", 150);

    @TempDir
    Path tmp;

    static JournalWriter.Context small()
    {
        return new JournalWriter.Context().segmentLength(1024).schemaId(1).schemaVersion(1).addDocument(SCHEMA);
    }

    static byte[] message(final long sequence)
    {
        final byte[] bytes = new byte[(int)(sequence * 7 % 61)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }
        return bytes;
    }

    static void writeFrames(final Path dir, final long from, final long to)
    {
        try (JournalWriter writer = JournalWriter.open(dir, small()))
        {
            for (long i = from; i <= to; i++)
            {
                final byte[] bytes = message(i);
                writer.append(i, 1000L + i, new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
    }

    static List<Long> readAll(final Path dir, final long from, final long to)
    {
        final List<Long> sequences = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
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

    static List<Long> range(final long from, final long to)
    {
        final List<Long> list = new ArrayList<>();
        for (long i = from; i <= to; i++)
        {
            list.add(i);
        }
        return list;
    }

    @Test
    void framesRollAcrossSegmentsAndAnyRangeReadsBack()
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 300);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        assertTrue(entries.size() > 10, "segments: " + entries.size());
        assertEquals("00000000000000000001.seg", entries.get(0).path().getFileName().toString());
        assertEquals(range(1, 300), readAll(dir, 1, Long.MAX_VALUE));
        final Random random = new Random(7);
        for (int i = 0; i < 50; i++)
        {
            final long from = 1 + random.nextInt(300);
            final long to = from + random.nextInt(120);
            assertEquals(range(from, Math.min(to, 300)), readAll(dir, from, to), from + ".." + to);
        }
        // Every boundary read exactly.
        for (int i = 1; i < entries.size(); i++)
        {
            final long first = entries.get(i).firstSequence();
            assertEquals(List.of(first - 1, first), readAll(dir, first - 1, first));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<JournalSegment> segments = reader.segments();
            assertEquals(entries.size(), segments.size());
            for (final JournalSegment segment : segments)
            {
                assertEquals(2, segment.formatVersion());
                assertEquals(1, segment.schemaId());
                assertEquals(1, segment.documents().size());
                assertArrayEquals(SCHEMA, segment.documents().get(0));
                assertEquals(1024, segment.file().toFile().length(), "preallocated");
            }
            final List<SegmentReport> reports = reader.verify();
            assertEquals(300, reports.stream().mapToLong(SegmentReport::frames).sum());
            assertEquals(300, reports.get(reports.size() - 1).lastSequence());
        }
    }

    @Test
    void aReopenedWriterContinuesAfterTheLastFrameAcrossARoll()
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 100);
        final int segments = SegmentFiles.list(dir).size();
        try (JournalWriter writer = JournalWriter.open(dir, small()))
        {
            assertEquals(100, writer.lastSequence());
            assertEquals(-1, writer.openReport().tornOffset());
            assertEquals(0, writer.segmentsCreated(), "continues in the last segment");
        }
        writeFrames(dir, 101, 250);
        assertTrue(SegmentFiles.list(dir).size() > segments);
        assertEquals(range(1, 250), readAll(dir, 1, Long.MAX_VALUE));
    }

    @Test
    void aNewSchemaVersionStartsANewSegment()
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 3);
        try (JournalWriter writer = JournalWriter.open(dir, small().schemaVersion(2)))
        {
            assertEquals(3, writer.lastSequence());
            assertEquals(1, writer.segmentsCreated());
            final byte[] bytes = message(4);
            writer.append(4, 1004, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<JournalSegment> segments = reader.segments();
            assertEquals(2, segments.size());
            assertEquals(1, segments.get(0).schemaVersion());
            assertEquals(2, segments.get(1).schemaVersion());
            assertEquals(4, segments.get(1).firstSequence());
        }
        assertEquals(range(1, 4), readAll(dir, 1, Long.MAX_VALUE));
    }

    @Test
    void aFrameLargerThanASegmentIsRefusedWithTheSettingToRaise()
    {
        try (JournalWriter writer = JournalWriter.open(tmp.resolve("journal"), small()))
        {
            final JournalFullException full = assertThrows(JournalFullException.class,
                () -> writer.append(1, 0, new UnsafeBuffer(new byte[1000]), 0, 1000));
            assertTrue(full.getMessage().contains("sequent.journal.segment.length"), full.getMessage());
        }
    }

    @Test
    void contextSettingsAreValidatedAtConcludeAndTheStorageDefaults()
    {
        final String[] named = {
            "below 2 GiB", "at least", "multiple of 8", "SBE schema id", "schema version", "first sequence",
            "durability policy" };
        final JournalWriter.Context[] contexts = {
            small().segmentLength(Integer.MAX_VALUE + 1L), small().segmentLength(64), small().segmentLength(1028),
            small().schemaId(70_000), small().schemaVersion(-1), small().firstSequence(0), small().durability(null) };
        for (int i = 0; i < contexts.length; i++)
        {
            final JournalWriter.Context ctx = contexts[i];
            final IllegalStateException ex = assertThrows(IllegalStateException.class, ctx::conclude);
            assertTrue(ex.getMessage().contains(named[i]), ex.getMessage());
            assertThrows(IllegalStateException.class, () -> JournalWriter.open(tmp.resolve("never"), ctx));
        }
        assertFalse(Files.exists(tmp.resolve("never")), "nothing is created for settings that are wrong");
        final JournalWriter.Context ctx = small().storage(null).conclude();
        assertEquals(FileSegmentStorage.INSTANCE, ctx.storage());
        assertEquals(ctx, ctx.conclude(), "idempotent");
    }

    @Test
    void aSequenceGapIsRefused()
    {
        try (JournalWriter writer = JournalWriter.open(tmp.resolve("journal"), small()))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> writer.append(2, 0, new UnsafeBuffer(new byte[8]), 0, 8));
            assertTrue(ex.getMessage().contains("expected sequence 1 but got 2"));
        }
    }

    @Test
    void aFileThatIsNotASegmentIsRefused() throws IOException
    {
        final Path dir = Files.createDirectories(tmp.resolve("journal"));
        final Path file = dir.resolve(SegmentFiles.name(1));
        Files.write(file, new byte[4096]);
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class,
            () -> JournalWriter.open(dir, small()));
        assertEquals(file, ex.file());
        assertTrue(ex.getMessage().contains("not a Sequent journal"));
    }

    @Test
    void theSameAppendsGiveByteIdenticalSegments() throws IOException
    {
        writeFrames(tmp.resolve("a"), 1, 200);
        writeFrames(tmp.resolve("b"), 1, 200);
        final List<SegmentFiles.Entry> a = SegmentFiles.list(tmp.resolve("a"));
        final List<SegmentFiles.Entry> b = SegmentFiles.list(tmp.resolve("b"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertArrayEquals(Files.readAllBytes(a.get(i).path()), Files.readAllBytes(b.get(i).path()));
        }
    }

    @Test
    void segmentsPreparedAheadGiveTheSameJournal() throws Exception
    {
        writeFrames(tmp.resolve("a"), 1, 200);
        final Path dir = tmp.resolve("b");
        try (JournalWriter writer = JournalWriter.open(dir, small().durability(DurabilityPolicy.BATCH)))
        {
            final Path spare = dir.resolve("next.seg.tmp");
            assertEquals(1, writer.segmentPreparer().doWork(), "a spare is asked for at open");
            assertEquals(1024, Files.size(spare));
            assertEquals(0, writer.segmentPreparer().doWork(), "one at a time");
            long rolledWithSpare = 0;
            for (long i = 1; i <= 200; i++)
            {
                final long created = writer.segmentsCreated();
                final byte[] bytes = message(i);
                writer.append(i, 1000L + i, new UnsafeBuffer(bytes), 0, bytes.length);
                writer.flush();
                if (writer.segmentsCreated() > created)
                {
                    rolledWithSpare++;
                    assertFalse(Files.exists(spare), "the roll took the spare");
                    assertEquals(1, writer.segmentPreparer().doWork(), "and asked for the next one");
                }
            }
            assertTrue(rolledWithSpare > 10);
            assertTrue(Files.exists(spare));
        }
        assertFalse(Files.exists(dir.resolve("next.seg.tmp")), "an unused spare is deleted at close");
        final List<SegmentFiles.Entry> a = SegmentFiles.list(tmp.resolve("a"));
        final List<SegmentFiles.Entry> b = SegmentFiles.list(dir);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++)
        {
            assertArrayEquals(Files.readAllBytes(a.get(i).path()), Files.readAllBytes(b.get(i).path()));
        }
    }

    /** Where each frame starts: [segment file, offset], by sequence. */
    private static List<long[]> positions(final Path dir)
    {
        final List<long[]> positions = new ArrayList<>();
        positions.add(null);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        for (int s = 0; s < entries.size(); s++)
        {
            try (SegmentView view = SegmentView.open(entries.get(s)))
            {
                int pos = view.start();
                while (pos + JournalFrame.HEADER_LENGTH <= view.buffer.capacity() && view.buffer.getInt(pos) != 0)
                {
                    positions.add(new long[] { s, pos, view.buffer.getInt(pos) });
                    pos += JournalFrame.alignedLength(view.buffer.getInt(pos));
                }
            }
        }
        return positions;
    }

    @Test
    void tornTailsAtRandomOffsetsInTheLastSegmentAreTruncatedAndReported() throws IOException
    {
        final Path original = tmp.resolve("original");
        writeFrames(original, 1, 120);
        final List<long[]> positions = positions(original);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(original);
        final int lastSegment = entries.size() - 1;
        final long firstInLast = entries.get(lastSegment).firstSequence();
        assertTrue(120 - firstInLast >= 3, "enough frames in the last segment");
        final Random random = new Random(11);
        for (int trial = 0; trial < TRIALS / 4; trial++)
        {
            final Path dir = copy(original, tmp.resolve("torn" + trial));
            final Path last = SegmentFiles.list(dir).get(lastSegment).path();
            // The crash hit while frame `torn` was being written: it and everything after it never fully arrived.
            final long torn = firstInLast + random.nextInt((int)(121 - firstInLast));
            final long[] at = positions.get((int)torn);
            final int cut = random.nextInt((int)at[2]);
            final byte[] bytes = Files.readAllBytes(last);
            for (int i = (int)at[1] + cut; i < bytes.length; i++)
            {
                bytes[i] = 0;
            }
            final byte[] junk = new byte[1 + random.nextInt(40)];
            random.nextBytes(junk);
            System.arraycopy(junk, 0, bytes, (int)at[1] + cut, Math.min(junk.length, bytes.length - (int)at[1] - cut));
            Files.write(last, bytes);

            try (JournalReader reader = JournalReader.open(dir))
            {
                final List<SegmentReport> reports = reader.verify();
                assertEquals(torn - 1, reports.get(reports.size() - 1).lastSequence(), "trial " + trial);
            }
            try (JournalWriter writer = JournalWriter.open(dir, small()))
            {
                final JournalOpenReport report = writer.openReport();
                assertEquals(torn - 1, writer.lastSequence(), "trial " + trial);
                if (report.tornBytes() > 0)
                {
                    assertEquals(at[1], report.tornOffset(), "trial " + trial);
                    assertTrue(report.toString().contains("TORN TAIL"));
                    assertTrue(report.toString().contains(last.getFileName().toString()));
                }
                final byte[] next = message(torn);
                writer.append(torn, 1000 + torn, new UnsafeBuffer(next), 0, next.length);
            }
            assertEquals(range(1, torn), readAll(dir, 1, Long.MAX_VALUE), "trial " + trial);
            try (JournalWriter writer = JournalWriter.open(dir, small()))
            {
                assertEquals(-1, writer.openReport().tornOffset(), "clean after repair");
            }
        }
    }

    @Test
    void everyBitFlipInAnySegmentIsDetectedAndNoDamagedFrameIsDelivered() throws IOException
    {
        final Path original = tmp.resolve("original");
        writeFrames(original, 1, 120);
        final List<long[]> positions = positions(original);
        final int segments = SegmentFiles.list(original).size();
        final Random random = new Random(42);
        int corrupt = 0;
        int torn = 0;
        for (int trial = 0; trial < TRIALS; trial++)
        {
            final Path dir = copy(original, tmp.resolve("flip" + trial));
            // Anywhere in any segment: header, frame, alignment padding, or the zeros after the last frame.
            final int segment = random.nextInt(segments);
            final Path file = SegmentFiles.list(dir).get(segment).path();
            final long offset = random.nextInt(1024);
            flipBit(file, offset, random.nextInt(8));
            final String what = "flip in " + file.getFileName() + " at " + offset;

            long damagedFrame = -1;
            long frameStart = -1;
            long end = SegmentHeader.length(List.of(SCHEMA));
            for (int sequence = 1; sequence <= 120; sequence++)
            {
                final long[] at = positions.get(sequence);
                if (at[0] == segment)
                {
                    final long next = at[1] + JournalFrame.alignedLength((int)at[2]);
                    if (offset >= at[1] && offset < next)
                    {
                        damagedFrame = sequence;
                        frameStart = at[1];
                    }
                    end = next;
                }
            }
            final boolean inHeader = offset < SegmentHeader.length(List.of(SCHEMA));
            final boolean inTail = !inHeader && damagedFrame < 0;
            final boolean lastSegment = segment == segments - 1;

            if (!inHeader && lastSegment && (damagedFrame == 120 || inTail))
            {
                // The tail of the newest segment: what a torn write looks like; truncated and reported.
                final long expectedLast = inTail ? 120 : 119;
                try (JournalWriter writer = JournalWriter.open(dir, small()))
                {
                    assertEquals(inTail ? end : frameStart, writer.openReport().tornOffset(), what);
                    assertEquals(expectedLast, writer.lastSequence(), what);
                }
                assertEquals(range(1, expectedLast), readAll(dir, 1, Long.MAX_VALUE), what);
                torn++;
                continue;
            }
            final JournalCorruptedException opened = assertThrows(JournalCorruptedException.class,
                () -> JournalWriter.open(dir, small()).close(), what);
            assertEquals(file, opened.file(), what);
            if (!inHeader)
            {
                assertEquals(inTail ? end : frameStart, opened.offset(), what);
            }
            assertTrue(opened.getMessage().contains(file.getFileName().toString()), opened.getMessage());
            try (JournalReader reader = JournalReader.open(dir))
            {
                final JournalCorruptedException verified = assertThrows(JournalCorruptedException.class,
                    reader::verify, what);
                assertEquals(file, verified.file(), what);
            }
            // Reading delivers intact frames only (every byte is checked) and never one at or past a damaged frame.
            final List<Long> delivered = new ArrayList<>();
            boolean threw = false;
            try (JournalReader reader = JournalReader.open(dir))
            {
                reader.read(1, Long.MAX_VALUE, (sequence, timestamp, buffer, off, length) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(off, bytes);
                    assertArrayEquals(message(sequence), bytes, what);
                    delivered.add(sequence);
                });
            }
            catch (final JournalCorruptedException ex)
            {
                threw = true;
            }
            assertEquals(range(1, delivered.size()), delivered, what);
            if (inHeader)
            {
                assertTrue(threw, what);
            }
            else if (inTail)
            {
                // Zeros after a sealed segment's frames hold no frame: a read finds the flip or passes it by.
                assertTrue(threw || delivered.size() == 120, what);
            }
            else
            {
                assertTrue(delivered.size() < damagedFrame, what);
            }
            corrupt++;
        }
        assertEquals(TRIALS, corrupt + torn);
        assertTrue(corrupt > TRIALS / 2, corrupt + " corrupt, " + torn + " torn");
    }

    @Test
    void archivedSegmentsReadTransparently() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 300);
        final List<SegmentFiles.Entry> before = SegmentFiles.list(dir);
        final List<SegmentReport> reportsBefore;
        try (JournalReader reader = JournalReader.open(dir))
        {
            reportsBefore = reader.verify();
        }
        final int archived = new SegmentRetention(dir, RetentionPolicy.ARCHIVE).apply(Long.MAX_VALUE);
        assertEquals(before.size() - 1, archived, "all but the newest segment");
        final List<SegmentFiles.Entry> after = SegmentFiles.list(dir);
        assertEquals(before.size(), after.size());
        for (int i = 0; i < after.size() - 1; i++)
        {
            assertTrue(after.get(i).archived());
            assertFalse(Files.exists(before.get(i).path()), "original deleted");
            assertTrue(Files.size(after.get(i).path()) < 1024, "compressed");
        }
        assertFalse(after.get(after.size() - 1).archived());
        assertEquals(range(1, 300), readAll(dir, 1, Long.MAX_VALUE));
        assertEquals(range(17, 212), readAll(dir, 17, 212));
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<SegmentReport> reports = reader.verify();
            assertEquals(reportsBefore.size(), reports.size());
            for (int i = 0; i < reports.size(); i++)
            {
                assertEquals(reportsBefore.get(i).frames(), reports.get(i).frames());
                assertEquals(reportsBefore.get(i).lastSequence(), reports.get(i).lastSequence());
            }
        }
        writeFrames(dir, 301, 320);
        assertEquals(range(1, 320), readAll(dir, 1, Long.MAX_VALUE));
    }

    @Test
    void retentionTakesOnlySegmentsWhollyCovered() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 300);
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        final long secondFirst = entries.get(1).firstSequence();
        final long thirdFirst = entries.get(2).firstSequence();

        final SegmentRetention delete = new SegmentRetention(dir, RetentionPolicy.DELETE);
        assertEquals(0, delete.apply(secondFirst - 2), "the first segment still holds an uncovered frame");
        assertEquals(1, delete.apply(thirdFirst - 2), "only the first segment is covered");
        assertFalse(Files.exists(entries.get(0).path()));
        assertTrue(Files.exists(entries.get(1).path()));
        assertEquals(range(secondFirst, 300), readAll(dir, secondFirst, Long.MAX_VALUE));
        final IllegalStateException gone = assertThrows(IllegalStateException.class, () -> readAll(dir, 1, 10));
        assertTrue(gone.getMessage().contains("starts at sequence " + secondFirst), gone.getMessage());

        assertEquals(entries.size() - 2, delete.apply(Long.MAX_VALUE));
        assertEquals(1, SegmentFiles.list(dir).size(), "the newest segment is never taken");
        assertEquals(0, new SegmentRetention(dir, RetentionPolicy.KEEP).apply(Long.MAX_VALUE));
        writeFrames(dir, 301, 310);
        final long newest = SegmentFiles.list(dir).get(0).firstSequence();
        assertEquals(range(newest, 310), readAll(dir, newest, Long.MAX_VALUE));
    }

    @Test
    void archiveThenDeleteRemovesTheArchivedCopy()
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 100);
        final int segments = SegmentFiles.list(dir).size();
        assertEquals(segments - 1, new SegmentRetention(dir, RetentionPolicy.ARCHIVE).apply(Long.MAX_VALUE));
        assertEquals(segments - 1, new SegmentRetention(dir, RetentionPolicy.DELETE).apply(Long.MAX_VALUE));
        assertEquals(1, SegmentFiles.list(dir).size());
    }

    @Test
    void aSyncForcesAcrossRolls()
    {
        final Path dir = tmp.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(dir, small().durability(DurabilityPolicy.INTERVAL));
            JournalSync sync = new JournalSync(writer))
        {
            for (long i = 1; i <= 100; i++)
            {
                final byte[] bytes = message(i);
                writer.append(i, 1000 + i, new UnsafeBuffer(bytes), 0, bytes.length);
                sync.force();
            }
        }
        assertEquals(range(1, 100), readAll(dir, 1, Long.MAX_VALUE));
    }

    @Test
    void aFormatOneFileIsReadAndSealed() throws IOException
    {
        final Path dir = Files.createDirectories(tmp.resolve("journal"));
        final Path legacy = dir.resolve(SegmentFiles.LEGACY_FILE);
        final UnsafeBuffer file = new UnsafeBuffer(new byte[4096]);
        file.putLong(JournalFrame.MAGIC_OFFSET, JournalFrame.MAGIC);
        file.putInt(JournalFrame.FORMAT_VERSION_OFFSET, 1);
        file.putInt(JournalFrame.HEADER_LENGTH_FIELD_OFFSET, 64);
        file.putInt(JournalFrame.SCHEMA_ID_OFFSET, 1);
        file.putInt(JournalFrame.SCHEMA_VERSION_OFFSET, 1);
        file.putLong(JournalFrame.FIRST_SEQUENCE_OFFSET, 1);
        int pos = 64;
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        final java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(file.byteArray());
        for (long i = 1; i <= 20; i++)
        {
            final byte[] bytes = message(i);
            final int length = JournalFrame.HEADER_LENGTH + bytes.length;
            file.putBytes(pos + JournalFrame.HEADER_LENGTH, bytes);
            file.putLong(pos + JournalFrame.SEQUENCE_OFFSET, i);
            file.putLong(pos + JournalFrame.TIMESTAMP_OFFSET, 1000 + i);
            file.putInt(pos + JournalFrame.CRC_OFFSET, JournalFrame.checksum(crc, view, pos, length));
            file.putInt(pos, length);
            pos += JournalFrame.alignedLength(length);
        }
        Files.write(legacy, file.byteArray());
        assertEquals(range(1, 20), readAll(dir, 1, Long.MAX_VALUE));
        writeFrames(dir, 21, 40);
        assertEquals(range(1, 40), readAll(dir, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(dir))
        {
            final List<JournalSegment> segments = reader.segments();
            assertEquals(1, segments.get(0).formatVersion());
            assertEquals(0, segments.get(0).documents().size());
            assertEquals(2, segments.get(1).formatVersion());
            assertEquals(21, segments.get(1).firstSequence());
        }
    }

    @Test
    void verifyReportsATornTailWithoutRepairing() throws IOException
    {
        final Path dir = tmp.resolve("journal");
        writeFrames(dir, 1, 5);
        final Path file = SegmentFiles.list(dir).get(0).path();
        final long end = positions(dir).get(5)[1] + JournalFrame.alignedLength((int)positions(dir).get(5)[2]);
        overwrite(file, end + 16, new byte[] { 9, 9, 9 });
        final byte[] before = Files.readAllBytes(file);
        try (JournalReader reader = JournalReader.open(dir))
        {
            final SegmentReport report = reader.verify().get(0);
            assertEquals(5, report.lastSequence());
            assertEquals(end, report.bytes());
            assertTrue(report.tornBytes() > 0);
            assertTrue(report.toString().contains("TORN TAIL"));
        }
        assertArrayEquals(before, Files.readAllBytes(file), "verify changes nothing");
    }

    /** A marker for the test messages: commits every frame up to and including {@code last}. */
    private static CommitMarker commitsUpTo(final long last)
    {
        // message(sequence) starts with (byte)(sequence * 31); 223 is 31's inverse modulo 256.
        return (buffer, offset, length) -> length > 0 && ((buffer.getByte(offset) & 0xFF) * 223 & 0xFF) <= last;
    }

    @Test
    void framesAfterTheLastCommitFrameAreTruncatedAtOpenAndAJournalWithoutAnyIsTakenWhole() throws IOException
    {
        final Path journal = tmp.resolve("j");
        try (JournalWriter writer = JournalWriter.open(journal, small().segmentLength(64 << 10)))
        {
            for (long i = 1; i <= 10; i++)
            {
                final byte[] bytes = message(i);
                writer.append(i, 1000L + i, new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        final Path legacy = copy(journal, tmp.resolve("legacy"));
        // Frame 6 completes a command; 7-10 are an incomplete one, and frame 10 is torn on top of that.
        final long[] tenth = positions(journal).get(10);
        overwrite(SegmentFiles.list(journal).get((int)tenth[0]).path(), tenth[1] + 30, new byte[] { 9, 9, 9 });
        try (JournalWriter writer = JournalWriter.open(journal, small().segmentLength(64 << 10)
            .commitMarker(commitsUpTo(6))))
        {
            final JournalOpenReport report = writer.openReport();
            assertEquals(6, writer.lastSequence());
            assertEquals(6, report.frames());
            assertEquals(3, report.uncommittedFrames(), report.toString());
            assertTrue(report.tornBytes() > 0, report.toString());
            assertTrue(report.toString().contains("INCOMPLETE COMMAND of 3 frames"), report.toString());
            final byte[] bytes = message(7);
            writer.append(7, 1007, new UnsafeBuffer(bytes), 0, bytes.length);
        }
        assertEquals(range(1, 7), readAll(journal, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(journal))
        {
            reader.verify(true);
        }

        try (JournalWriter writer = JournalWriter.open(legacy, small().segmentLength(64 << 10)
            .commitMarker((buffer, offset, length) -> false)))
        {
            assertEquals(10, writer.lastSequence(), "a journal with no commit frame at all is taken whole");
            assertEquals(0, writer.openReport().uncommittedFrames());
        }
    }

    @Test
    void anIncompleteCommandThatStraddlesARollIsTruncatedInBothSegments() throws IOException
    {
        writeFrames(tmp, 1, 40);
        final List<SegmentFiles.Entry> before = SegmentFiles.list(tmp);
        assertTrue(before.size() >= 3, "frames over several segments: " + before);
        final long tailFirst = before.get(before.size() - 1).firstSequence();
        // The command cut short began two frames before the roll into the newest segment.
        final long lastCommitted = tailFirst - 3;
        try (JournalWriter writer = JournalWriter.open(tmp, small().commitMarker(commitsUpTo(lastCommitted))))
        {
            assertEquals(lastCommitted, writer.lastSequence());
            assertEquals(40 - lastCommitted, writer.openReport().uncommittedFrames(), writer.openReport().toString());
            for (long i = lastCommitted + 1; i <= 45; i++)
            {
                final byte[] bytes = message(i);
                writer.append(i, 1000L + i, new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        assertEquals(range(1, 45), readAll(tmp, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(tmp))
        {
            reader.verify(true);
        }
    }

    private static Path copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.naturalOrder())::iterator)
            {
                final Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(file, target);
                }
            }
        }
        return to;
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
}
