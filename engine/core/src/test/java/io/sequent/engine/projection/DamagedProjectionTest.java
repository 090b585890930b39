package io.sequent.engine.projection;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bit flips in a projection's map file, its checkpoint and its digest file: the writer finds them at open, moves the
 * map aside and starts it empty (checkpoint 0), and once the events are applied again it holds what an undamaged
 * copy holds. A map that opens without a reported damage always holds exactly what the undamaged copy holds: never a
 * silently different read model. Also after a writer died, where Chronicle Map's recovery checks entry checksums.
 * Random trials: {@code -Dsequent.projection.damage.trials} (the soak profile runs more).
 */
class DamagedProjectionTest
{
    private static final int TRIALS = Integer.getInteger("sequent.projection.damage.trials", 40);
    private static final int COUNTERS = 200;
    private static final int EVENTS = 2_000;

    @TempDir
    Path dir;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[CounterProjection.EVENT_LENGTH]);

    private static long counter(final long sequence)
    {
        return 1 + sequence * 7 % COUNTERS;
    }

    /**
     * Applies every event, as the engine's replay does from the projection's checkpoint.
     */
    private void catchUp(final CounterProjection projection)
    {
        for (long sequence = projection.lastAppliedSequence() + 1; sequence <= EVENTS; sequence++)
        {
            projection.onEvent(sequence, 0, buffer, 0, CounterProjection.encode(buffer, counter(sequence), sequence));
            if (sequence % 100 == 0 || sequence == EVENTS)
            {
                projection.onBatchEnd(sequence);
            }
        }
    }

    private Path build(final String name)
    {
        final Path file = dir.resolve(name);
        try (CounterProjection projection = CounterProjection.writer(file))
        {
            catchUp(projection);
        }
        return file;
    }

    private static MapDigest contents(final Path file)
    {
        try (CounterProjection reader = CounterProjection.reader(file))
        {
            return MapDigest.of(reader.map());
        }
    }

    private static Path copy(final Path file, final String name) throws IOException
    {
        final Path target = file.resolveSibling(name);
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        final Path digest = MapDigest.fileFor(file);
        if (Files.exists(digest))
        {
            Files.copy(digest, MapDigest.fileFor(target), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static void flip(final Path file, final long offset, final int bit) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(offset);
            final int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ (1 << bit));
        }
    }

    /**
     * @return where the bytes of a long value first occur in the file.
     */
    private static long find(final Path file, final long value) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 8 <= bytes.length; i++)
        {
            if (view.getLong(i) == value)
            {
                return i;
            }
        }
        throw new AssertionError("value " + value + " not in " + file);
    }

    /**
     * Opens the writer on a damaged copy as the engine does, catches it up, and compares it with the undamaged map.
     *
     * @return the damage the writer reported, or null.
     */
    private String reopenAndCompare(final Path damaged, final MapDigest expected)
    {
        final String damage;
        try (CounterProjection projection = CounterProjection.writer(damaged))
        {
            damage = projection.damage();
            if (damage != null)
            {
                assertEquals(0, projection.lastAppliedSequence(), "a rebuilt projection starts from nothing");
            }
            catchUp(projection);
        }
        assertEquals(expected.toString(), contents(damaged).toString(),
            "same contents as the undamaged map (damage reported: " + damage + ")");
        return damage;
    }

    @Test
    void aFlippedBitInAnEntryOrInTheCheckpointIsFoundAtOpenAndTheProjectionRebuilt() throws IOException
    {
        final Path original = build("counters.cm");
        final MapDigest expected = contents(original);

        // An entry's total: counter 8 (sequence 1) holds the sum of the sequences that went to it.
        long total = 0;
        for (long sequence = 1; sequence <= EVENTS; sequence++)
        {
            total += counter(sequence) == counter(1) ? sequence : 0;
        }
        final Path entry = copy(original, "entry.cm");
        flip(entry, find(entry, total), 3);
        final String entryDamage = reopenAndCompare(entry, expected);
        assertNotNull(entryDamage, "the flipped total is found");
        assertTrue(entryDamage.contains("digest"), entryDamage);
        assertTrue(Files.exists(entry.resolveSibling("entry.cm.damaged")), "the damaged map is kept aside");

        // The checkpoint entry holds the last sequence.
        final Path checkpoint = copy(original, "checkpoint.cm");
        flip(checkpoint, find(checkpoint, EVENTS), 0);
        assertNotNull(reopenAndCompare(checkpoint, expected), "the flipped checkpoint is found");

        // The digest file itself.
        final Path digest = copy(original, "digest.cm");
        flip(MapDigest.fileFor(digest), 10, 5);
        final String digestDamage = reopenAndCompare(digest, expected);
        assertNotNull(digestDamage);
        assertTrue(digestDamage.contains("digest file"), digestDamage);

        // Undamaged: opens whole, no rebuild.
        final Path whole = copy(original, "whole.cm");
        assertNull(reopenAndCompare(whole, expected));
    }

    @Test
    void afterAWriterDiedAFlippedEntryIsFoundByTheRecoveryOfChecksummedEntries() throws IOException
    {
        final Path original = build("counters.cm");
        final MapDigest expected = contents(original);
        final Path died = copy(original, "died.cm");
        Files.delete(MapDigest.fileFor(died));
        Files.createFile(died.resolveSibling("died.cm.writer")); // what a killed writer leaves behind
        long total = 0;
        for (long sequence = 1; sequence <= EVENTS; sequence++)
        {
            total += counter(sequence) == counter(5) ? sequence : 0;
        }
        flip(died, find(died, total), 6);
        final String damage = reopenAndCompare(died, expected);
        assertNotNull(damage, "recovery found the entry whose checksum fails");
        assertTrue(damage.contains("recovery"), damage);
    }

    @Test
    void randomBitFlipsAnywhereInTheMapAreFoundOrChangeNothing() throws IOException
    {
        final Path original = build("counters.cm");
        final MapDigest expected = contents(original);
        final long length = Files.size(original);
        final long used = usedLength(original);
        final Random random = new Random(20_261_203L);
        int found = 0;
        int refused = 0;
        int harmless = 0;
        for (int trial = 0; trial < TRIALS; trial++)
        {
            final Path damaged = copy(original, "trial.cm");
            Files.deleteIfExists(damaged.resolveSibling("trial.cm.damaged"));
            // Mostly where the map's header, index and entries are; sometimes anywhere in the file.
            final long offset = trial % 4 == 0 ? (long)(random.nextDouble() * length) :
                (long)(random.nextDouble() * used);
            flip(damaged, offset, random.nextInt(8));
            try
            {
                if (reopenAndCompare(damaged, expected) == null)
                {
                    harmless++;
                }
                else
                {
                    found++;
                }
            }
            catch (final IllegalStateException ex)
            {
                // The header is gone: refused at once, naming the file and the way out (delete it: rebuilt).
                assertTrue(ex.getMessage().contains(damaged.toString()) && ex.getMessage().contains("delete the file"),
                    ex.getMessage());
                refused++;
                Files.delete(damaged);
                assertNotNull(damaged);
                if (reopenAndCompare(damaged, expected) != null)
                {
                    fail("a deleted map is new, not damaged");
                }
            }
        }
        System.out.println("projection bit flips: " + TRIALS + " trials (seed 20261203): " + found + " found and " +
            "rebuilt, " + refused + " refused at open (header), " + harmless + " in bytes the map does not use");
        assertTrue(found > 0, "some flips hit entries");
    }

    /**
     * @return bytes up to the last non-zero byte: the part of the file Chronicle Map has written.
     */
    private static long usedLength(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        int last = bytes.length - 1;
        while (last > 0 && bytes[last] == 0)
        {
            last--;
        }
        return last + 1;
    }
}
