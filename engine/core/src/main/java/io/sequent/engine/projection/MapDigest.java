package io.sequent.engine.projection;

import net.openhft.chronicle.algo.hashing.LongHashFunction;
import net.openhft.chronicle.map.ChronicleMap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * What a projection's map held when its writer closed it cleanly: the number of entries and a digest of every entry's
 * key and value bytes (the checkpoint entry included), in a small file {@code <map>.digest} beside the map. The next
 * writer recomputes both at open and compares: a bit flipped in an entry, a value, the checkpoint, or in the
 * structures Chronicle Map finds entries through, shows as a difference. The file is deleted as soon as the writer
 * has checked it, because from then on the map changes; a writer that dies leaves none, and Chronicle Map's
 * recovery with entry checksums checks the map instead.
 * <p>
 * The digest does not depend on the order entries are visited in: it sums a mix of each entry's hashes.
 */
final class MapDigest
{
    private static final long MAGIC = 0x5453474944514553L; // "SEQDIGST"
    private static final int LENGTH = 8 + 8 + 8 + 4;
    private static final LongHashFunction HASH = LongHashFunction.xx_r39();

    private final long entries;
    private final long digest;

    private MapDigest(final long entries, final long digest)
    {
        this.entries = entries;
        this.digest = digest;
    }

    /**
     * @param map the map, not changing meanwhile.
     * @return its entry count and digest.
     */
    static MapDigest of(final ChronicleMap<?, ?> map)
    {
        final long[] sum = new long[2];
        map.forEachEntry(entry ->
        {
            final long key = entry.key().hash(HASH);
            final long value = entry.value().hash(HASH);
            sum[0]++;
            sum[1] += mix(key * 0x9E3779B97F4A7C15L + value);
        });
        return new MapDigest(sum[0], sum[1]);
    }

    private static long mix(final long value)
    {
        // SplitMix64's finaliser: entries that differ by a bit differ everywhere, so sums do not cancel.
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param mapFile the map.
     * @return the digest file beside it.
     */
    static Path fileFor(final Path mapFile)
    {
        return mapFile.resolveSibling(mapFile.getFileName() + ".digest");
    }

    /**
     * Writes the digest file atomically: a temporary file, forced, renamed.
     *
     * @param mapFile the map it describes.
     * @throws IOException when it cannot be written.
     */
    void write(final Path mapFile) throws IOException
    {
        final Path file = fileFor(mapFile);
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        final ByteBuffer bytes = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(MAGIC).putLong(entries).putLong(digest);
        final CRC32C crc = new CRC32C();
        crc.update(bytes.array(), 0, LENGTH - 4);
        bytes.putInt((int)crc.getValue()).flip();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * @param mapFile the map.
     * @return the digest its last writer left, or null when there is none.
     * @throws IOException when the file is there but damaged.
     */
    static MapDigest read(final Path mapFile) throws IOException
    {
        final Path file = fileFor(mapFile);
        if (!Files.exists(file))
        {
            return null;
        }
        final byte[] all = Files.readAllBytes(file);
        if (all.length != LENGTH)
        {
            throw new IOException("its digest file " + file + " has " + all.length + " bytes, not " + LENGTH);
        }
        final ByteBuffer bytes = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        crc.update(all, 0, LENGTH - 4);
        if (bytes.getLong(0) != MAGIC || bytes.getInt(LENGTH - 4) != (int)crc.getValue())
        {
            throw new IOException("its digest file " + file + " is damaged");
        }
        return new MapDigest(bytes.getLong(8), bytes.getLong(16));
    }

    /**
     * @param mapFile the map.
     * @throws IOException when the digest file is there and cannot be deleted.
     */
    static void delete(final Path mapFile) throws IOException
    {
        Files.deleteIfExists(fileFor(mapFile));
    }

    /**
     * @param actual what the map holds now.
     * @return null when it matches, else what differs.
     */
    String difference(final MapDigest actual)
    {
        if (actual.entries != entries)
        {
            return actual.entries + " entries where " + entries + " were written";
        }
        if (actual.digest != digest)
        {
            return String.format("entries digest %016x where %016x was written", actual.digest, digest);
        }
        return null;
    }

    @Override
    public String toString()
    {
        return String.format("%d entries, digest %016x", entries, digest);
    }
}
