package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cut after any whole command leaves the journal as a writer that stopped there would have: the writer reopens it
 * with no torn tail and nothing dropped, at that sequence, and appends after it; every removed frame is in the copy;
 * a cut past the end, before the oldest sequence or inside a command is refused. Plain and encrypted segments.
 */
class JournalTruncationTest
{
    private static final long LAST = 150;
    /** A frame whose first byte is 1 ends a command: every third one. */
    private static final CommitMarker MARKER = (buffer, offset, length) -> length > 0 && buffer.getByte(offset) == 1;

    @TempDir
    Path tmp;

    private static byte[] message(final long sequence)
    {
        final byte[] bytes = new byte[1 + (int)(sequence * 7 % 53)];
        for (int i = 1; i < bytes.length; i++)
        {
            bytes[i] = (byte)(sequence * 31 + i);
        }
        bytes[0] = (byte)(sequence % 3 == 0 ? 1 : 0);
        return bytes;
    }

    private static JournalWriter.Context context(final JournalKeyring keys)
    {
        return JournalTest.small().segmentLength(keys == null ? 1024 : 2048).commitMarker(MARKER).keyring(keys);
    }

    private static void write(final Path dir, final JournalKeyring keys, final long from, final long to)
    {
        try (JournalWriter writer = JournalWriter.open(dir, context(keys)))
        {
            for (long sequence = from; sequence <= to; sequence++)
            {
                final byte[] bytes = message(sequence);
                writer.append(sequence, 1000 + sequence, new UnsafeBuffer(bytes), 0, bytes.length);
                if (sequence % 6 == 0)
                {
                    writer.flush();
                }
            }
        }
    }

    private static List<byte[]> read(final Path dir, final JournalKeyring keys, final long from)
    {
        final List<byte[]> frames = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, keys))
        {
            reader.read(from, (sequence, timestamp, buffer, offset, length) ->
            {
                assertEquals(from + frames.size(), sequence);
                assertEquals(1000 + sequence, timestamp);
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                frames.add(bytes);
            });
        }
        return frames;
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> files = Files.walk(from))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
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
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void aCutAfterAnyWholeCommandReopensThereAndKeepsWhatItRemoved(final boolean encrypted) throws IOException
    {
        final JournalKeyring keys = encrypted ? JournalKeyring.generate(1) : null;
        final Path original = tmp.resolve("original");
        write(original, keys, 1, LAST);
        assertTrue(SegmentFiles.list(original).size() > 3, "several segments");
        for (long after = 3; after < LAST; after += 3)
        {
            final Path dir = tmp.resolve("cut-" + after);
            copyTree(original, dir);
            final Path copy = dir.resolve("truncated");
            final JournalTruncation.Result result = new JournalTruncation(dir, null, keys, MARKER)
                .truncateAfter(after, copy);
            assertEquals(after, result.lastSequence());
            assertEquals(LAST - after, result.removedFrames());

            final List<byte[]> removed = read(copy, keys, after + 1);
            assertEquals(LAST - after, removed.size(), "the copy holds every removed frame, after " + after);
            for (int i = 0; i < removed.size(); i++)
            {
                assertArrayEquals(message(after + 1 + i), removed.get(i));
            }

            try (JournalWriter writer = JournalWriter.open(dir, context(keys)))
            {
                final JournalOpenReport report = writer.openReport();
                assertEquals(0, report.tornBytes(), "after " + after + ": " + report);
                assertEquals(0, report.uncommittedFrames(), "after " + after + ": " + report);
                assertEquals(after, writer.lastSequence());
            }
            write(dir, keys, after + 1, after + 6);
            final List<byte[]> kept = read(dir, keys, 1);
            assertEquals(after + 6, kept.size());
            for (int i = 0; i < kept.size(); i++)
            {
                assertArrayEquals(message(i + 1), kept.get(i), "sequence " + (i + 1) + " after a cut at " + after);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void aCutPastTheEndBeforeTheStartOrInsideACommandIsRefusedAndChangesNothing(final boolean encrypted)
        throws IOException
    {
        final JournalKeyring keys = encrypted ? JournalKeyring.generate(1) : null;
        final Path dir = tmp.resolve("journal");
        write(dir, keys, 1, LAST);
        final byte[][] before = segmentBytes(dir);
        final JournalTruncation truncation = new JournalTruncation(dir, null, keys, MARKER);
        final Path copy = dir.resolve("truncated");
        final IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
            () -> truncation.truncateAfter(LAST + 1, copy));
        assertTrue(past.getMessage().contains("past the end of the journal, which ends at sequence " + LAST),
            past.getMessage());
        final IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
            () -> truncation.truncateAfter(0, copy));
        assertTrue(early.getMessage().contains("before the oldest sequence the journal holds (1"), early.getMessage());
        final IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
            () -> truncation.truncateAfter(40, copy));
        assertTrue(inside.getMessage().contains("Cut after 39 or 42"), inside.getMessage());
        assertEquals(0, truncation.truncateAfter(LAST, copy).removedFrames(), "nothing after the last sequence");
        assertTrue(Arrays.deepEquals(before, segmentBytes(dir)), "nothing changed");
        assertTrue(Files.notExists(copy));
    }

    private static byte[][] segmentBytes(final Path dir) throws IOException
    {
        final List<SegmentFiles.Entry> entries = SegmentFiles.list(dir);
        final byte[][] bytes = new byte[entries.size()][];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = Files.readAllBytes(entries.get(i).path());
        }
        return bytes;
    }
}
