package io.sequent.journal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A small file system for tests, over another storage: files written through it may take at most a byte budget in
 * all, and a write past it fails as a full device does ({@code No space left on device}), after writing what still
 * fits. Deleting or truncating a file gives its bytes back, and {@link #capacity(long)} can raise the budget, as
 * when an operator frees space. Where a test cannot mount a small tmpfs or loop device, this stands in for one;
 * nothing in the main code constructs it.
 * <p>
 * It counts every file's length as the budget's: files already on disk count from when they are first opened,
 * renamed or deleted through it. Mapped writes inside a file's length take no new room, as on a real device once the
 * blocks exist; a mapping past the end grows the file and is counted.
 */
public final class QuotaStorage implements SegmentStorage
{
    /** The message of the error a full budget gives, as the JDK words ENOSPC. */
    public static final String NO_SPACE = "No space left on device";

    private final SegmentStorage real;
    private final Map<Path, Long> lengths = new HashMap<>();
    private long capacity;
    private long used;
    private long refusals;

    /**
     * @param real     the storage underneath.
     * @param capacity the byte budget.
     */
    public QuotaStorage(final SegmentStorage real, final long capacity)
    {
        this.real = real;
        this.capacity = capacity;
    }

    /**
     * @param bytes the new budget: raising it is space returning; lowering it below what is used fills the device.
     */
    public synchronized void capacity(final long bytes)
    {
        this.capacity = bytes;
    }

    /**
     * @return the byte budget.
     */
    public synchronized long capacity()
    {
        return capacity;
    }

    /**
     * @return bytes the files take now.
     */
    public synchronized long used()
    {
        return used;
    }

    /**
     * @return writes and mappings refused for want of room so far.
     */
    public synchronized long refusals()
    {
        return refusals;
    }

    @Override
    public StorageFile open(final Path file, final Access access) throws IOException
    {
        final StorageFile delegate = real.open(file, access);
        synchronized (this)
        {
            track(file.toAbsolutePath(), delegate.size());
        }
        return new QuotaFile(delegate, file.toAbsolutePath());
    }

    @Override
    public void move(final Path source, final Path target) throws IOException
    {
        final Path from = source.toAbsolutePath();
        final Path to = target.toAbsolutePath();
        synchronized (this)
        {
            track(from, Files.exists(from) ? Files.size(from) : 0);
            real.move(source, target);
            final Long replaced = lengths.remove(to);
            if (replaced != null)
            {
                used -= replaced;
            }
            final Long moved = lengths.remove(from);
            lengths.put(to, moved == null ? 0 : moved);
        }
    }

    @Override
    public boolean deleteIfExists(final Path file) throws IOException
    {
        synchronized (this)
        {
            final boolean deleted = real.deleteIfExists(file);
            final Long length = lengths.remove(file.toAbsolutePath());
            if (length != null)
            {
                used -= length;
            }
            return deleted;
        }
    }

    @Override
    public void createDirectories(final Path dir) throws IOException
    {
        real.createDirectories(dir);
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        real.forceDirectory(dir);
    }

    @Override
    public synchronized long usableSpace(final Path dir)
    {
        return Math.max(0, capacity - used);
    }

    private void track(final Path file, final long length)
    {
        if (!lengths.containsKey(file))
        {
            lengths.put(file, length);
            used += length;
        }
    }

    /**
     * @return bytes the file may grow to at most now.
     */
    private synchronized long grant(final Path file, final long wantedLength)
    {
        final long length = lengths.getOrDefault(file, 0L);
        if (wantedLength <= length)
        {
            return wantedLength;
        }
        final long granted = Math.min(wantedLength, length + Math.max(0, capacity - used));
        used += granted - length;
        lengths.put(file, granted);
        if (granted < wantedLength)
        {
            refusals++;
        }
        return granted;
    }

    private synchronized void shrink(final Path file, final long newLength)
    {
        final Long length = lengths.get(file);
        if (length != null && newLength < length)
        {
            used -= length - newLength;
            lengths.put(file, newLength);
        }
    }

    /**
     * A file whose growth is charged to the budget.
     */
    private final class QuotaFile implements StorageFile
    {
        private final StorageFile delegate;
        private final Path key;

        QuotaFile(final StorageFile delegate, final Path key)
        {
            this.delegate = delegate;
            this.key = key;
        }

        @Override
        public Path path()
        {
            return delegate.path();
        }

        @Override
        public long size() throws IOException
        {
            return delegate.size();
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException
        {
            return delegate.read(dst, position);
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException
        {
            final long end = position + src.remaining();
            final long granted = grant(key, Math.max(end, delegate.size()));
            if (granted <= position)
            {
                throw new IOException(NO_SPACE + " (a quota of " + capacity() + " bytes, " + path() + ")");
            }
            if (granted >= end)
            {
                return delegate.write(src, position);
            }
            // What fits is written, as a real device does before it reports the error.
            final int limit = src.limit();
            src.limit(src.position() + (int)(granted - position));
            try
            {
                return delegate.write(src, position);
            }
            finally
            {
                src.limit(limit);
            }
        }

        @Override
        public void truncate(final long size) throws IOException
        {
            delegate.truncate(size);
            shrink(key, delegate.size());
        }

        @Override
        public void force(final boolean metadata) throws IOException
        {
            delegate.force(metadata);
        }

        @Override
        public ByteBuffer map(final long length) throws IOException
        {
            if (grant(key, Math.max(length, delegate.size())) < length)
            {
                throw new IOException(NO_SPACE + " (a quota of " + capacity() + " bytes, mapping " + path() + ")");
            }
            return delegate.map(length);
        }

        @Override
        public void forceMapped(final int offset, final int length) throws IOException
        {
            delegate.forceMapped(offset, length);
        }

        @Override
        public void close() throws IOException
        {
            delegate.close();
        }
    }
}
