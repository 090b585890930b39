package io.sequent.exchange.projection;

import io.sequent.codecs.exchange.AccountOpenedEncoder;
import io.sequent.codecs.exchange.DepositedEncoder;
import io.sequent.codecs.exchange.MessageHeaderEncoder;
import io.sequent.codecs.exchange.WithdrawnEncoder;
import org.agrona.collections.MutableLong;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BalanceProjectionTest
{
    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final DepositedEncoder deposited = new DepositedEncoder();
    private final WithdrawnEncoder withdrawn = new WithdrawnEncoder();

    private Path file()
    {
        return dir.resolve("balances.cm");
    }

    private void deposit(final BalanceProjection projection, final long sequence, final long account, final int asset,
        final long amount)
    {
        deposited.wrapAndApplyHeader(buffer, 0, header).accountId(account).assetId(asset).amount(amount);
        projection.onEvent(sequence, 0, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH);
    }

    private void withdraw(final BalanceProjection projection, final long sequence, final long account, final int asset,
        final long amount)
    {
        withdrawn.wrapAndApplyHeader(buffer, 0, header).accountId(account).assetId(asset).amount(amount);
        projection.onEvent(sequence, 0, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + WithdrawnEncoder.BLOCK_LENGTH);
    }

    /** Sequences 1-4: account 7 opens, deposits 100 of asset 3 and 9 of asset 0, withdraws 40 of asset 3. */
    private void applyFirstFour(final BalanceProjection projection)
    {
        new AccountOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(7);
        projection.onEvent(1, 0, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + AccountOpenedEncoder.BLOCK_LENGTH);
        deposit(projection, 2, 7, 3, 100);
        deposit(projection, 3, 7, 0, 9);
        withdraw(projection, 4, 7, 3, 40);
    }

    @Test
    void appliedEventsShowInQueriesAndInTheVisit()
    {
        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(0, projection.lastAppliedSequence());
            applyFirstFour(projection);
            projection.onBatchEnd(0);
            assertEquals(4, projection.lastAppliedSequence());
            assertEquals(60, projection.available(7, 3));
            assertEquals(9, projection.available(7, 0));
            assertEquals(0, projection.reserved(7, 3));
            assertEquals(0, projection.available(7, 1), "no entry");
            assertEquals(0, projection.available(8, 3), "no entry");

            final MutableLong entries = new MutableLong();
            final MutableLong total = new MutableLong();
            projection.forEach((account, asset, available, reserved) ->
            {
                assertEquals(7, account);
                entries.increment();
                total.addAndGet(available + reserved);
            });
            assertEquals(2, entries.get(), "one entry per account and asset; the checkpoint is not a balance");
            assertEquals(69, total.get());
        }
    }

    @Test
    void balancesAndCheckpointPersistAcrossReopen()
    {
        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            applyFirstFour(projection);
            projection.onBatchEnd(0);
        }
        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(4, projection.lastAppliedSequence());
            assertEquals(60, projection.available(7, 3));
            assertEquals(9, projection.available(7, 0));
            deposit(projection, 5, 7, 3, 1);
            assertEquals(61, projection.available(7, 3));
        }
    }

    @Test
    void eventsAtOrBelowAnEntrysStampChangeNothing()
    {
        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            applyFirstFour(projection);
            projection.onBatchEnd(0);
            applyFirstFour(projection);
            deposit(projection, 3, 7, 3, 1_000); // a different event at an old sequence: still skipped
            projection.onBatchEnd(0);
            assertEquals(60, projection.available(7, 3));
            assertEquals(9, projection.available(7, 0));
            assertEquals(4, projection.lastAppliedSequence());
        }
    }

    @Test
    void aCrashBetweenEntryWriteAndCheckpointDoesNotCountTwice() throws Exception
    {
        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            applyFirstFour(projection);
            projection.onBatchEnd(0);
            deposit(projection, 5, 7, 3, 5); // written to its entry, but no checkpoint: the process dies here
        }
        // A killed writer leaves its lock file behind, so the next open goes through Chronicle Map's recovery.
        Files.createFile(dir.resolve("balances.cm.writer"));

        try (BalanceProjection projection = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(4, projection.lastAppliedSequence(), "the checkpoint lags");
            // The engine replays from the checkpoint.
            deposit(projection, 5, 7, 3, 5);
            deposit(projection, 6, 7, 0, 1);
            projection.onBatchEnd(0);
            assertEquals(65, projection.available(7, 3), "sequence 5 counted once");
            assertEquals(10, projection.available(7, 0));
            assertEquals(6, projection.lastAppliedSequence());
        }
        assertFalse(Files.exists(dir.resolve("balances.cm.writer")), "a clean close removes the lock file");
    }

    @Test
    void aReaderOnTheSameFileSeesTheWritersUpdatesAndCannotWrite()
    {
        try (BalanceProjection writer = BalanceProjection.create(file(), 1_000))
        {
            applyFirstFour(writer);
            writer.onBatchEnd(0);
            try (BalanceProjection reader = BalanceProjection.open(file()))
            {
                assertEquals(60, reader.available(7, 3));
                assertEquals(4, reader.lastAppliedSequence());

                deposit(writer, 5, 7, 3, 5);
                deposit(writer, 6, 9, 1, 2);
                writer.onBatchEnd(0);
                assertEquals(65, reader.available(7, 3), "a reader sees the writer's updates");
                assertEquals(2, reader.available(9, 1));
                assertEquals(6, reader.lastAppliedSequence(), "and its checkpoint");

                assertThrows(IllegalStateException.class, () -> deposit(reader, 7, 7, 3, 1));
                assertThrows(IllegalStateException.class, () -> reader.onBatchEnd(0));
                assertEquals(65, writer.available(7, 3));
            }
        }
    }

    @Test
    void aSecondWriterIsRefusedUntilTheFirstCloses()
    {
        try (BalanceProjection writer = BalanceProjection.create(file(), 1_000))
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> BalanceProjection.create(file(), 1_000));
            assertTrue(ex.getMessage().contains("balances.cm"), ex.getMessage());
            deposit(writer, 1, 1, 1, 1);
        }
        try (BalanceProjection writer = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(1, writer.available(1, 1));
        }
    }

    private void assertClearErrors(final byte[] content) throws Exception
    {
        Files.write(file(), content);
        final IllegalStateException damaged =
            assertThrows(IllegalStateException.class, () -> BalanceProjection.create(file(), 1_000));
        assertTrue(damaged.getMessage().contains(file().toString()), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("delete the file"), damaged.getMessage());
        assertFalse(Files.exists(dir.resolve("balances.cm.writer")), "a failed open leaves no lock file");
        final IllegalStateException unreadable =
            assertThrows(IllegalStateException.class, () -> BalanceProjection.open(file()));
        assertTrue(unreadable.getMessage().contains(file().toString()), unreadable.getMessage());
    }

    @Test
    void aDamagedFileFailsAtOnceWithAMessageThatSaysWhatToDo() throws Exception
    {
        final long start = System.nanoTime();
        final byte[] content = new byte[64 * 1024];
        Arrays.fill(content, (byte)0xFF); // header never completed (or overwritten)
        assertClearErrors(content);
        final byte[] tooLong = new byte[64 * 1024];
        new UnsafeBuffer(tooLong).putInt(8, 0x10000000); // a complete header far longer than the file
        assertClearErrors(tooLong);
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "no waiting for a creator that does not exist");

        // As the message says: delete it, and a fresh projection starts from sequence 0.
        Files.delete(file());
        try (BalanceProjection rebuilt = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(0, rebuilt.lastAppliedSequence());
        }
    }

    @Test
    void aFailedOpenAfterACrashStillRecoversNextTimeAndHoldsNoLock() throws Exception
    {
        final byte[] tooLong = new byte[64 * 1024];
        new UnsafeBuffer(tooLong).putInt(8, 0x10000000);
        Files.write(file(), tooLong);
        final Path mark = Files.createFile(dir.resolve("balances.cm.writer")); // the last writer was killed
        for (int attempt = 0; attempt < 2; attempt++)
        {
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> BalanceProjection.create(file(), 1_000));
            assertTrue(ex.getMessage().contains("delete the file"), "not refused as a second writer: " + ex);
            assertTrue(Files.exists(mark), "the need for recovery is not forgotten");
        }
        Files.delete(file());
        try (BalanceProjection rebuilt = BalanceProjection.create(file(), 1_000))
        {
            assertEquals(0, rebuilt.lastAppliedSequence());
        }
        assertFalse(Files.exists(mark));
    }

    @Test
    void aReaderOfAMissingOrEmptyFileFailsAndCreatesNothing() throws Exception
    {
        final Path missing = dir.resolve("missing.cm");
        final IllegalStateException absent =
            assertThrows(IllegalStateException.class, () -> BalanceProjection.open(missing));
        assertTrue(absent.getMessage().contains("no balance projection at " + missing), absent.getMessage());
        assertFalse(Files.exists(missing), "a reader never creates the file");

        Files.createFile(file());
        assertThrows(IllegalStateException.class, () -> BalanceProjection.open(file()));
        assertEquals(0, Files.size(file()));
        try (BalanceProjection writer = BalanceProjection.create(file(), 1_000))
        {
            deposit(writer, 1, 1, 1, 1); // an empty file is a new map to the writer
        }
    }

    @Test
    void theMapGrowsSomewhatPastItsConfiguredEntries()
    {
        try (BalanceProjection projection = BalanceProjection.create(file(), 100))
        {
            for (int i = 1; i <= 150; i++)
            {
                deposit(projection, i, i, 0, i);
            }
            projection.onBatchEnd(0);
            assertEquals(150, projection.available(150, 0));
        }
    }

    @Test
    void applyingAnEventAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (BalanceProjection projection = BalanceProjection.create(file(), 10_000))
        {
            long sequence = 0;
            for (int round = 0; round < 3; round++) // warm up: entries created, code compiled
            {
                for (int account = 1; account <= 1_000; account++)
                {
                    deposit(projection, ++sequence, account, account & 3, 10);
                }
                projection.onBatchEnd(0);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 10; round++)
            {
                for (int account = 1; account <= 1_000; account++)
                {
                    deposit(projection, ++sequence, account, account & 3, 10);
                    withdraw(projection, ++sequence, account, account & 3, 1);
                }
                projection.onBatchEnd(0);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 20_000, "allocated " + allocated + " bytes over 20,000 events");
            assertEquals(3 * 10 + 10 * 9, projection.available(1, 1));
        }
    }
}
