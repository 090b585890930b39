package io.sequent.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cursor follows a journal as it grows: from any sequence, across segment rolls, never past the position it is
 * told is written, keeping a frame it was asked to leave, so catch-up and live are one stream with no gap.
 */
class JournalCursorTest
{
    @TempDir
    Path dir;

    private static JournalWriter.Context small()
    {
        return new JournalWriter.Context().segmentLength(1024).schemaId(1).schemaVersion(1)
            .addDocument("<schema/>".getBytes(StandardCharsets.UTF_8));
    }

    private static void append(final JournalWriter writer, final long sequence)
    {
        final byte[] bytes = ("frame " + sequence).getBytes(StandardCharsets.US_ASCII);
        writer.append(sequence, 1_000 + sequence, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static String text(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthAscii(offset, length);
    }

    @Test
    void followsTheJournalAcrossRollsFromAnySequenceNeverPastWhatIsWritten() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, small());
            JournalCursor cursor = JournalCursor.open(dir, 5))
        {
            final List<String> seen = new ArrayList<>();
            final JournalCursor.Handler collect = (sequence, timestamp, buffer, offset, length) ->
            {
                assertEquals(1_000 + sequence, timestamp);
                seen.add(sequence + ":" + text(buffer, offset, length));
                return true;
            };
            assertEquals(0, cursor.poll(100, collect, 10), "nothing written yet");
            for (long s = 1; s <= 100; s++)
            {
                append(writer, s);
                if (s % 7 == 0)
                {
                    writer.flush();
                    cursor.poll(s, collect, 3);
                }
            }
            writer.flush();
            assertTrue(segments() > 3, "the journal rolled: " + segments());
            while (cursor.poll(60, collect, 4) > 0)
            {
                assertTrue(cursor.nextSequence() <= 61);
            }
            assertEquals(61, cursor.nextSequence(), "never past the position it is given");
            cursor.poll(100, collect, 1_000);
            assertEquals(96, seen.size());
            for (int i = 0; i < seen.size(); i++)
            {
                assertEquals((i + 5) + ":frame " + (i + 5), seen.get(i));
            }
        }
    }

    @Test
    void aDeclinedFrameIsDeliveredAgainAtTheNextPoll() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, small()))
        {
            for (long s = 1; s <= 30; s++)
            {
                append(writer, s);
            }
            writer.flush();
        }
        try (JournalCursor cursor = JournalCursor.open(dir, 1))
        {
            final List<Long> taken = new ArrayList<>();
            final int[] budget = { 2 };
            final JournalCursor.Handler limited = (sequence, timestamp, buffer, offset, length) ->
            {
                if (budget[0] == 0)
                {
                    return false;
                }
                budget[0]--;
                taken.add(sequence);
                return true;
            };
            for (int round = 0; round < 15; round++)
            {
                budget[0] = 2;
                assertEquals(2, cursor.poll(30, limited, 100));
            }
            assertEquals(30, taken.size());
            for (int i = 0; i < 30; i++)
            {
                assertEquals(i + 1, taken.get(i));
            }
        }
    }

    @Test
    void aDamagedFrameStopsTheCursorNamingWhere() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(dir, small()))
        {
            for (long s = 1; s <= 5; s++)
            {
                append(writer, s);
            }
            writer.flush();
        }
        final Path segment;
        try (Stream<Path> files = Files.list(dir))
        {
            segment = files.filter(f -> f.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(segment);
        final int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("frame 3");
        bytes[at + 2] ^= 0x10;
        Files.write(segment, bytes);
        try (JournalCursor cursor = JournalCursor.open(dir, 1))
        {
            final List<Long> taken = new ArrayList<>();
            final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class,
                () -> cursor.poll(5, (sequence, timestamp, buffer, offset, length) -> taken.add(sequence), 10));
            assertEquals(List.of(1L, 2L), taken, "nothing damaged is delivered");
            assertTrue(ex.getMessage().contains("frame 3"), ex.getMessage());
        }
    }

    private long segments() throws Exception
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(".seg")).count();
        }
    }
}
