package io.sequent.journal;

import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.QuotaStorage;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.sequent.journal.JournalTest.message;
import static io.sequent.journal.JournalTest.range;
import static io.sequent.journal.JournalTest.readAll;
import static io.sequent.journal.JournalTest.small;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journal on a device that fills ({@link QuotaStorage}): the spare that cannot be made is deleted and the journal
 * says it is full; a roll without room fails retryably with nothing written; the preparer tries again by itself and
 * clears the state once there is room; every frame is then there, in order, and the journal verifies clean.
 */
class FullDeviceTest
{
    @TempDir
    Path tmp;

    private static void append(final JournalWriter writer, final long sequence)
    {
        final byte[] bytes = message(sequence);
        writer.append(sequence, 1000L + sequence, new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void aFullDeviceIsReportedARollWaitsForRoomAndThePreparerClearsItOnceThereIsSome() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        Files.createDirectories(dir);
        final QuotaStorage quota = new QuotaStorage(FileSegmentStorage.INSTANCE, 1 << 20);
        long next = 1;
        try (JournalWriter writer = JournalWriter.open(dir, small().storage(quota)))
        {
            writer.segmentPreparer().doWork();
            assertTrue(writer.spareReady());
            assertFalse(writer.isStorageFull());
            assertTrue(writer.room() > writer.frameArea(), "the current segment and the spare");

            // Room for nothing more: the roll takes the spare, and the next spare cannot be made.
            quota.capacity(quota.used());
            final long created = writer.segmentsCreated();
            while (writer.segmentsCreated() == created)
            {
                append(writer, next++);
            }
            final long usedWithPartialSpare = quota.used();
            writer.segmentPreparer().doWork();
            assertTrue(writer.isStorageFull(), "the spare could not be made");
            assertTrue(writer.storageFullCause().contains(QuotaStorage.NO_SPACE), writer.storageFullCause());
            assertTrue(quota.used() <= usedWithPartialSpare, "the partial spare is deleted");
            assertFalse(Files.exists(dir.resolve("next.seg.tmp")));
            assertEquals(1, writer.storageFullSpells());

            final long before = writer.lastSequence();
            SegmentCreationException full = null;
            while (full == null)
            {
                try
                {
                    append(writer, next);
                    next++;
                }
                catch (final SegmentCreationException ex)
                {
                    full = ex;
                }
            }
            assertTrue(full.getMessage().contains("sequence " + next), full.getMessage());
            assertEquals(next - 1, writer.lastSequence(), "the frame that needed the roll is not written");
            assertTrue(writer.lastSequence() > before);
            assertTrue(writer.isStorageFull());

            // Space returns: the preparer's retry (after its pause) makes the spare and clears the state.
            quota.capacity(quota.used() + (1 << 20));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (writer.isStorageFull())
            {
                writer.segmentPreparer().doWork();
                assertTrue(System.nanoTime() < deadline, "the preparer never tried again");
                Thread.yield();
            }
            assertTrue(writer.spareReady());
            for (long i = next; i < next + 50; i++)
            {
                append(writer, i);
            }
            next += 50;
        }
        assertEquals(range(1, next - 1), readAll(dir, 1, Long.MAX_VALUE));
        try (JournalReader reader = JournalReader.open(dir))
        {
            reader.verify().forEach(report -> assertEquals(0, report.tornBytes(), report.toString()));
        }
    }
}
