package io.sequent.journal;

import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import io.sequent.journal.storage.StorageFile;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One segment opened for reading through the storage seam: mapped when it is a plain file, read and decompressed
 * into memory when archived.
 */
final class SegmentView implements AutoCloseable
{
    final UnsafeBuffer buffer;
    final ByteBuffer view;
    final JournalSegment segment;
    private final StorageFile file;

    private SegmentView(final UnsafeBuffer buffer, final ByteBuffer view, final JournalSegment segment,
        final StorageFile file)
    {
        this.buffer = buffer;
        this.view = view;
        this.segment = segment;
        this.file = file;
    }

    /**
     * Opens a segment from the real file system.
     */
    static SegmentView open(final SegmentFiles.Entry entry)
    {
        return open(entry, FileSegmentStorage.INSTANCE);
    }

    /**
     * Opens a segment; one listed in the directory that has since been archived is read from the archive.
     */
    static SegmentView open(final SegmentFiles.Entry entry, final SegmentStorage storage)
    {
        try
        {
            if (entry.archived())
            {
                return openArchived(storage, entry.path());
            }
            try
            {
                return openMapped(storage, entry.path());
            }
            catch (final NoSuchFileException ex)
            {
                return openArchived(storage, entry.archivePath());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal segment " + entry.path() + ": " + ex.getMessage(), ex);
        }
    }

    private static SegmentView openMapped(final SegmentStorage storage, final Path path) throws IOException
    {
        final StorageFile file = storage.open(path, SegmentStorage.Access.READ);
        try
        {
            final long size = file.size();
            if (size < JournalFrame.DOCUMENTS_OFFSET || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(path, 0, "file length " + size + " is not that of a journal");
            }
            final ByteBuffer mapped = file.map(size);
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            return new SegmentView(buffer, mapped.duplicate(), SegmentHeader.read(path, buffer, false), file);
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

    private static SegmentView openArchived(final SegmentStorage storage, final Path path) throws IOException
    {
        final byte[] compressed;
        try (StorageFile file = storage.open(path, SegmentStorage.Access.READ))
        {
            final long size = file.size();
            if (size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(path, 0, "file length " + size + " is not that of an archive");
            }
            compressed = new byte[(int)size];
            file.readFully(ByteBuffer.wrap(compressed), 0);
        }
        final byte[] bytes;
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(compressed)))
        {
            bytes = in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptedException(path, 0, "the archived segment does not decompress (" +
                ex.getMessage() + ")");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        return new SegmentView(buffer, ByteBuffer.wrap(bytes), SegmentHeader.read(path, buffer, true), null);
    }

    /**
     * @return where frames start.
     */
    int start()
    {
        return segment.headerLength();
    }

    @Override
    public void close()
    {
        if (file != null)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot close journal segment " + segment.file() + ": " +
                    ex.getMessage(), ex);
            }
        }
    }
}
