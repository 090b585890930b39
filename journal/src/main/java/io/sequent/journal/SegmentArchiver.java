package io.sequent.journal;

import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import net.jpountz.lz4.LZ4FrameOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Compresses a sealed segment with LZ4 (frame format) into the archive folder: verified first, written under a
 * temporary name, forced, renamed, and only then is the original deleted, so a reader always finds one of the two.
 * Only the bytes up to the end of the last frame are kept. All of it goes through the storage seam.
 */
public final class SegmentArchiver
{
    private final CRC32C crc = new CRC32C();
    private final SegmentStorage storage;

    /**
     * An archiver on the real file system.
     */
    public SegmentArchiver()
    {
        this(FileSegmentStorage.INSTANCE);
    }

    /**
     * @param storage the file system segments are read, written, renamed and deleted through.
     */
    public SegmentArchiver(final SegmentStorage storage)
    {
        this.storage = storage;
    }

    /**
     * @param entry a sealed, not yet archived segment.
     * @return the archived file.
     * @throws JournalCorruptedException when the segment is damaged: a damaged segment is never archived.
     */
    public Path archive(final SegmentFiles.Entry entry)
    {
        final Path target = entry.archivePath();
        final Path temp = target.resolveSibling(target.getFileName() + SegmentFiles.TEMP_SUFFIX);
        try
        {
            storage.createDirectories(target.getParent());
            final byte[] compressed = compress(entry);
            try (StorageFile out = storage.open(temp, SegmentStorage.Access.CREATE))
            {
                out.truncate(0);
                out.writeFully(ByteBuffer.wrap(compressed), 0);
                out.force(true);
            }
            storage.move(temp, target);
            storage.forceDirectory(target.getParent());
            storage.deleteIfExists(entry.path());
            storage.forceDirectory(entry.path().getParent());
            return target;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot archive journal segment " + entry.path() + " to " + target + ": " +
                ex.getMessage(), ex);
        }
    }

    private byte[] compress(final SegmentFiles.Entry entry) throws IOException
    {
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (SegmentView segment = SegmentView.open(entry, storage))
        {
            final JournalScan scan = JournalScan.of(entry.path(), segment.buffer, segment.view, crc,
                segment.start(), segment.segment.firstSequence());
            if (scan.tornBytes() > 0)
            {
                throw new JournalCorruptedException(entry.path(), scan.endPosition(),
                    "damage after the last frame of a sealed segment: not archived");
            }
            final byte[] bytes = new byte[(int)scan.endPosition()];
            segment.buffer.getBytes(0, bytes);
            try (OutputStream out = new LZ4FrameOutputStream(compressed))
            {
                out.write(bytes);
            }
        }
        return compressed.toByteArray();
    }
}
