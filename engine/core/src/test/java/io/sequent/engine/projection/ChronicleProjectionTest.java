package io.sequent.engine.projection;

import io.sequent.engine.projection.ChronicleProjection.Access;
import net.openhft.chronicle.core.values.LongValue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The projection base with a projection of no domain ({@link CounterProjection}): opening for the one writer and
 * for readers, the checkpoint and resuming from it, recovery after a writer died, damaged and missing files.
 */
class ChronicleProjectionTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CounterProjection.EVENT_LENGTH]);

    private Path file()
    {
        return dir.resolve("counters.cm");
    }

    private Path mark()
    {
        return dir.resolve("counters.cm.writer");
    }

    private void add(final ChronicleProjection<?, ?> projection, final long sequence, final long counter,
        final long amount)
    {
        projection.onEvent(sequence, 0, buffer, 0, CounterProjection.encode(buffer, counter, amount));
    }

    @Test
    void theCheckpointFollowsTheBatchEndsAndTheWriterResumesFromIt()
    {
        try (CounterProjection projection = CounterProjection.writer(file()))
        {
            assertTrue(projection.isWriter());
            assertEquals(0, projection.lastAppliedSequence());
            assertEquals(0, projection.publishedSequence());
            add(projection, 1, 7, 10);
            add(projection, 2, 7, 5);
            assertEquals(2, projection.lastAppliedSequence(), "the writer counts what it applied");
            assertEquals(0, projection.publishedSequence(), "the checkpoint waits for the batch end");
            projection.onBatchEnd(4);
            assertEquals(4, projection.lastAppliedSequence(), "the batch end's position is the projection's own");
            assertEquals(4, projection.publishedSequence());
            assertEquals(15, projection.total(7));
        }
        assertFalse(Files.exists(mark()), "a clean close removes the lock file");
        try (CounterProjection projection = CounterProjection.writer(file()))
        {
            assertEquals(4, projection.lastAppliedSequence());
            assertEquals(15, projection.total(7));
            assertEquals(0, projection.total(CounterProjection.CHECKPOINT), "the checkpoint is no entry of theirs");
        }
    }

    @Test
    void aReaderSeesTheWritersEntriesAndCheckpointAndCannotWrite()
    {
        try (CounterProjection writer = CounterProjection.writer(file()))
        {
            add(writer, 1, 3, 1);
            writer.onBatchEnd(1);
            try (CounterProjection reader = CounterProjection.reader(file()))
            {
                assertFalse(reader.isWriter());
                assertEquals(1, reader.total(3));
                assertEquals(1, reader.lastAppliedSequence());
                add(writer, 2, 3, 2);
                assertEquals(1, reader.lastAppliedSequence(), "a reader sees the checkpoint, not the writer's count");
                writer.onBatchEnd(2);
                assertEquals(3, reader.total(3));
                assertEquals(2, reader.lastAppliedSequence());
                assertThrows(IllegalStateException.class, () -> add(reader, 3, 3, 1));
                assertThrows(IllegalStateException.class, () -> reader.onBatchEnd(3));
            }
        }
    }

    @Test
    void aSecondWriterIsRefusedUntilTheFirstCloses()
    {
        try (CounterProjection writer = CounterProjection.writer(file()))
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> CounterProjection.writer(file()));
            assertTrue(ex.getMessage().contains("counters.cm"), ex.getMessage());
            add(writer, 1, 1, 1);
        }
        try (CounterProjection writer = CounterProjection.writer(file()))
        {
            assertEquals(1, writer.total(1));
        }
    }

    @Test
    void afterAWriterDiedTheMapIsRecoveredAndWhatItAppliedPastTheCheckpointIsNotCountedTwice() throws Exception
    {
        try (CounterProjection projection = CounterProjection.writer(file()))
        {
            add(projection, 1, 7, 10);
            projection.onBatchEnd(1);
            add(projection, 2, 7, 5); // written to its entry, but no checkpoint: the process dies here
        }
        Files.createFile(mark()); // what a killed writer leaves behind
        try (CounterProjection projection = CounterProjection.writer(file()))
        {
            assertEquals(1, projection.lastAppliedSequence(), "the checkpoint lags");
            add(projection, 2, 7, 5); // the engine replays from the checkpoint
            add(projection, 3, 7, 1);
            projection.onBatchEnd(3);
            assertEquals(16, projection.total(7), "sequence 2 counted once");
        }
        assertFalse(Files.exists(mark()));
    }

    @Test
    void aDamagedFileFailsAtOnceSayingWhatToDoAndHoldsNoLock() throws Exception
    {
        final byte[] content = new byte[64 * 1024];
        Arrays.fill(content, (byte)0xFF); // a header never completed, or overwritten
        Files.write(file(), content);
        final IllegalStateException writer =
            assertThrows(IllegalStateException.class, () -> CounterProjection.writer(file()));
        assertTrue(writer.getMessage().contains("counter projection " + file()), writer.getMessage());
        assertTrue(writer.getMessage().contains("delete the file"), writer.getMessage());
        assertFalse(Files.exists(mark()), "a failed open leaves no lock file");
        final IllegalStateException reader =
            assertThrows(IllegalStateException.class, () -> CounterProjection.reader(file()));
        assertTrue(reader.getMessage().contains(file().toString()), reader.getMessage());

        Files.delete(file());
        try (CounterProjection rebuilt = CounterProjection.writer(file()))
        {
            assertEquals(0, rebuilt.lastAppliedSequence());
        }
    }

    @Test
    void aReaderOfAMissingFileFailsAndCreatesNothing()
    {
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> CounterProjection.reader(file()));
        assertTrue(ex.getMessage().contains("no counter projection at " + file()), ex.getMessage());
        assertFalse(Files.exists(file()));
    }

    @Test
    void aProjectionRebuiltAtEachStartReportsNothingAppliedButPublishesItsCheckpointAfterItsBatch()
    {
        final ProjectionLayout<LongValue, CounterValue> layout = CounterProjection.LAYOUT.rebuiltAtStart();
        try (CounterProjection writer = new CounterProjection(layout, file(), Access.WRITER, true);
            CounterProjection reader = new CounterProjection(layout, file(), Access.READER, true))
        {
            add(writer, 1, 5, 2);
            add(writer, 2, 5, 3);
            assertEquals(0, reader.total(5), "kept back until the batch ends");
            writer.onBatchEnd(2);
            assertEquals(5, reader.total(5));
            assertEquals(2, reader.publishedSequence());
            assertEquals(2, reader.lastAppliedSequence());
            assertEquals(0, writer.lastAppliedSequence(), "the engine replays the whole journal to it");
            assertEquals(2, writer.publishedSequence());
        }
        try (CounterProjection writer = new CounterProjection(layout, file(), Access.WRITER, true))
        {
            assertEquals(0, writer.lastAppliedSequence(), "at the next start too");
            assertEquals(2, writer.publishedSequence(), "until its first batch the old checkpoint stands");
        }
    }

    @Test
    void aMapWrittenBeforeItsValueTypeWasRenamedOpensUnderTheNewName()
    {
        final ProjectionLayout<LongValue, FormerCounterValue> former = ProjectionLayout
            .of("counter", LongValue.class, FormerCounterValue.class)
            .checkpointKey(key -> key.setValue(CounterProjection.CHECKPOINT))
            .sequence(FormerCounterValue::getSequence, FormerCounterValue::setSequence);
        try (FormerCounterProjection old = new FormerCounterProjection(former, file()))
        {
            add(old, 1, 9, 42);
            old.onBatchEnd(1);
        }

        final ProjectionLayout<LongValue, CounterValue> renamed = CounterProjection.LAYOUT
            .formerTypeName(CounterValue.class, FormerCounterValue.class.getName());
        try (CounterProjection projection = new CounterProjection(renamed, file(), Access.WRITER, false))
        {
            assertEquals(1, projection.lastAppliedSequence());
            assertEquals(42, projection.total(9));
            add(projection, 2, 9, 1);
            projection.onBatchEnd(2);
            assertEquals(43, projection.total(9));
        }
        assertThrows(IllegalArgumentException.class,
            () -> CounterProjection.LAYOUT.formerTypeName(String.class, "x.Y"), "only the key or value type");
    }

    @Test
    void aLayoutWithoutItsCheckpointIsRefused()
    {
        final ProjectionLayout<LongValue, CounterValue> incomplete =
            ProjectionLayout.of("counter", LongValue.class, CounterValue.class);
        assertThrows(IllegalStateException.class,
            () -> new CounterProjection(incomplete, file(), Access.WRITER, false));
        assertFalse(Files.exists(file()));
    }

    /**
     * The same projection over the former value type, to write a file as the code before the rename did.
     */
    private static final class FormerCounterProjection extends ChronicleProjection<LongValue, FormerCounterValue>
    {
        private final LongValue key = newKey();
        private final FormerCounterValue value = newValue();

        FormerCounterProjection(final ProjectionLayout<LongValue, FormerCounterValue> layout, final Path file)
        {
            super(layout, file, Access.WRITER, 1_000);
        }

        @Override
        protected void apply(
            final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
        {
            key.setValue(buffer.getLong(offset));
            value.setTotal(buffer.getLong(offset + Long.BYTES));
            value.setSequence(sequence);
            map().put(key, value);
        }
    }
}
