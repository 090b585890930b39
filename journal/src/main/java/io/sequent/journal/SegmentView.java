package io.sequent.journal;

import net.jpountz.lz4.LZ4FrameInputStream;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment opened for reading: mapped when it is a plain file, decompressed into memory when archived.
 */
final class SegmentView implements AutoCloseable
{
    final UnsafeBuffer buffer;
    final ByteBuffer view;
    final JournalSegment segment;
    private MappedByteBuffer mapped;

    private SegmentView(final UnsafeBuffer buffer, final ByteBuffer view, final JournalSegment segment,
        final MappedByteBuffer mapped)
    {
        this.buffer = buffer;
        this.view = view;
        this.segment = segment;
        this.mapped = mapped;
    }

    /**
     * Opens a segment; one listed in the directory that has since been archived is read from the archive.
     */
    static SegmentView open(final SegmentFiles.Entry entry)
    {
        try
        {
            if (entry.archived())
            {
                return openArchived(entry.path());
            }
            try
            {
                return openMapped(entry.path());
            }
            catch (final NoSuchFileException ex)
            {
                return openArchived(entry.archivePath());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal segment " + entry.path() + ": " + ex.getMessage(), ex);
        }
    }

    private static SegmentView openMapped(final Path file) throws IOException
    {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < JournalFrame.DOCUMENTS_OFFSET || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(file, 0, "file length " + size + " is not that of a journal");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
        try
        {
            return new SegmentView(buffer, mapped.duplicate(), SegmentHeader.read(file, buffer, false), mapped);
        }
        catch (final RuntimeException ex)
        {
            IoUtil.unmap(mapped);
            throw ex;
        }
    }

    private static SegmentView openArchived(final Path file) throws IOException
    {
        final byte[] bytes;
        try (InputStream in = new LZ4FrameInputStream(Files.newInputStream(file)))
        {
            bytes = in.readAllBytes();
        }
        catch (final NoSuchFileException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptedException(file, 0, "the archived segment does not decompress (" +
                ex.getMessage() + ")");
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        return new SegmentView(buffer, ByteBuffer.wrap(bytes), SegmentHeader.read(file, buffer, true), null);
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
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }
}
