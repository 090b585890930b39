package io.sequent.journal.storage;

import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The real file system: {@code FileChannel}s, {@code MappedByteBuffer}s and {@code Files}. Stateless; every file
 * it opens has a channel of its own, so an interrupt that closes one thread's channel leaves the others open.
 */
public final class FileSegmentStorage implements SegmentStorage
{
    /** The one instance. */
    public static final FileSegmentStorage INSTANCE = new FileSegmentStorage();

    private FileSegmentStorage()
    {
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public StorageFile open(final Path file, final Access access) throws IOException
    {
        final FileChannel channel = switch (access)
        {
            case READ -> FileChannel.open(file, StandardOpenOption.READ);
            case WRITE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            case CREATE -> FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE);
        };
        return new ChannelFile(file, channel, access == Access.READ);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void move(final Path source, final Path target) throws IOException
    {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public boolean deleteIfExists(final Path file) throws IOException
    {
        return Files.deleteIfExists(file);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void createDirectories(final Path dir) throws IOException
    {
        Files.createDirectories(dir);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems cannot open or sync a directory; the rename is then as durable as they make it.
        }
    }

    /**
     * A file over its own channel, with at most one mapping.
     */
    private static final class ChannelFile implements StorageFile
    {
        private final Path path;
        private final FileChannel channel;
        private final boolean readOnly;
        private MappedByteBuffer mapped;

        ChannelFile(final Path path, final FileChannel channel, final boolean readOnly)
        {
            this.path = path;
            this.channel = channel;
            this.readOnly = readOnly;
        }

        @Override
        public Path path()
        {
            return path;
        }

        @Override
        public long size() throws IOException
        {
            return channel.size();
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException
        {
            return channel.read(dst, position);
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException
        {
            return channel.write(src, position);
        }

        @Override
        public void truncate(final long size) throws IOException
        {
            channel.truncate(size);
        }

        @Override
        public void force(final boolean metadata) throws IOException
        {
            channel.force(metadata);
        }

        @Override
        public ByteBuffer map(final long length) throws IOException
        {
            if (mapped != null)
            {
                throw new IllegalStateException(path + " is mapped already");
            }
            mapped = channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, length);
            return mapped;
        }

        @Override
        public void forceMapped(final int offset, final int length) throws IOException
        {
            try
            {
                mapped.force(offset, length);
            }
            catch (final UncheckedIOException ex)
            {
                // MappedByteBuffer reports a failed msync unchecked; the seam reports every failed force alike.
                throw ex.getCause();
            }
        }

        @Override
        public void close() throws IOException
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
                mapped = null;
            }
            channel.close();
        }
    }
}
