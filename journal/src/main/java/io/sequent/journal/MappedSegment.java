package io.sequent.journal;

import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.sequent.journal.JournalFrame.DOCUMENTS_OFFSET;

/**
 * A segment file opened read-write and mapped whole, through the storage seam: what the writer appends to. Frames
 * are written into {@link #mapped()} directly; only forces and the close go through the {@link StorageFile}.
 */
final class MappedSegment implements AutoCloseable
{
    private final Path path;
    private final StorageFile file;
    private final ByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private MappedSegment(final Path path, final StorageFile file, final ByteBuffer mapped)
    {
        this.path = path;
        this.file = file;
        this.mapped = mapped;
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * @param storage the file system.
     * @param path    an existing segment file.
     * @return the segment, mapped over the file's whole length.
     * @throws JournalCorruptedException when the file's length cannot be that of a segment.
     * @throws IOException               when it cannot be opened or mapped.
     */
    static MappedSegment open(final SegmentStorage storage, final Path path) throws IOException
    {
        final StorageFile file = storage.open(path, SegmentStorage.Access.WRITE);
        try
        {
            final long size = file.size();
            if (size < DOCUMENTS_OFFSET || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(path, 0, "file length " + size +
                    " is not that of a journal segment");
            }
            return new MappedSegment(path, file, file.map(size));
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                file.close();
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }

    /**
     * @return the segment's file.
     */
    Path path()
    {
        return path;
    }

    /**
     * @return the mapped bytes; writes to them are the segment's writes.
     */
    ByteBuffer mapped()
    {
        return mapped;
    }

    /**
     * @return a buffer over the mapped bytes.
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the segment's length.
     */
    int capacity()
    {
        return buffer.capacity();
    }

    /**
     * Forces a range of the segment's writes to the device.
     *
     * @param offset of the range.
     * @param length of the range.
     * @throws IOException when the device did not confirm.
     */
    void force(final int offset, final int length) throws IOException
    {
        file.forceMapped(offset, length);
    }

    /**
     * Forces all of the segment's writes to the device.
     *
     * @throws IOException when the device did not confirm.
     */
    void force() throws IOException
    {
        file.forceMapped(0, buffer.capacity());
    }

    /**
     * Unmaps and closes the file; the buffers must not be used after.
     */
    @Override
    public void close()
    {
        try
        {
            file.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close journal segment " + path + ": " + ex.getMessage(), ex);
        }
    }
}
