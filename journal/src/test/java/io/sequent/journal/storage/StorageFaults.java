package io.sequent.journal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Storage faults at seeded random points, TigerBeetle-style, over another storage: failed writes, short writes,
 * failed forces (fsync, msync, directory sync) and bit flips on read (one bit of what a read returns, or of a copy of
 * a read-only mapping, within the bytes before the trailing zeros, so the flip lands in data). Each kind fires with
 * its own probability per call, only while {@link #arm armed}, from one seeded random source, so a seed replays the
 * same choices for the same sequence of calls. Counts what it injected. In the journal's test-jar only: nothing in
 * the main code can construct it.
 * <p>
 * Files opened for writing are never given damaged bytes: a writer's own mapping is the page cache, and a flip on
 * read models what the device returns to a reader, which must detect it.
 */
public final class StorageFaults implements SegmentStorage
{
    /**
     * The faults it injects.
     */
    public enum Kind
    {
        /** A write that fails with an I/O error, nothing written. */
        WRITE_FAILED,
        /** A write that moves fewer bytes than asked. */
        SHORT_WRITE,
        /** A force (fsync, msync, directory sync) that fails. */
        FORCE_FAILED,
        /** A bit flipped in what a read or a read-only mapping returns. */
        READ_FLIP
    }

    private final SegmentStorage real;
    private final SplittableRandom random;
    private final double[] rates = new double[Kind.values().length];
    private final AtomicLongArray injected = new AtomicLongArray(Kind.values().length);
    private volatile boolean armed;

    /**
     * @param real the storage underneath.
     * @param seed of every choice.
     */
    public StorageFaults(final SegmentStorage real, final long seed)
    {
        this.real = real;
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param kind a fault.
     * @param rate its probability per call that could suffer it, 0 to 1.
     * @return this.
     */
    public StorageFaults rate(final Kind kind, final double rate)
    {
        rates[kind.ordinal()] = rate;
        return this;
    }

    /**
     * @param on whether faults fire from now on.
     * @return this.
     */
    public StorageFaults arm(final boolean on)
    {
        armed = on;
        return this;
    }

    /**
     * @param kind a fault.
     * @return how many of it were injected so far.
     */
    public long injected(final Kind kind)
    {
        return injected.get(kind.ordinal());
    }

    private boolean fires(final Kind kind)
    {
        if (!armed || rates[kind.ordinal()] == 0)
        {
            return false;
        }
        final boolean fires;
        synchronized (random)
        {
            fires = random.nextDouble() < rates[kind.ordinal()];
        }
        if (fires)
        {
            injected.incrementAndGet(kind.ordinal());
        }
        return fires;
    }

    private int nextInt(final int bound)
    {
        synchronized (random)
        {
            return random.nextInt(bound);
        }
    }

    private static IOException injected(final Kind kind, final Path path)
    {
        return new IOException("injected " + kind + " on " + path);
    }

    @Override
    public StorageFile open(final Path file, final Access access) throws IOException
    {
        return new FaultyFile(real.open(file, access), access == Access.READ);
    }

    @Override
    public void move(final Path source, final Path target) throws IOException
    {
        real.move(source, target);
    }

    @Override
    public boolean deleteIfExists(final Path file) throws IOException
    {
        return real.deleteIfExists(file);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException
    {
        real.createDirectories(dir);
    }

    @Override
    public void forceDirectory(final Path dir) throws IOException
    {
        if (fires(Kind.FORCE_FAILED))
        {
            throw injected(Kind.FORCE_FAILED, dir);
        }
        real.forceDirectory(dir);
    }

    @Override
    public long usableSpace(final Path dir)
    {
        return real.usableSpace(dir);
    }

    /**
     * Flips one bit of {@code bytes[from, to)} before its trailing zeros.
     */
    private void flip(final ByteBuffer bytes, final int from, final int to)
    {
        int end = to;
        while (end > from && bytes.get(end - 1) == 0)
        {
            end--;
        }
        if (end > from)
        {
            final int at = from + nextInt(end - from);
            bytes.put(at, (byte)(bytes.get(at) ^ (1 << nextInt(8))));
        }
    }

    /**
     * A file whose calls may fail, fall short or return damaged bytes.
     */
    private final class FaultyFile implements StorageFile
    {
        private final StorageFile delegate;
        private final boolean readOnly;

        FaultyFile(final StorageFile delegate, final boolean readOnly)
        {
            this.delegate = delegate;
            this.readOnly = readOnly;
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
            final int start = dst.position();
            final int read = delegate.read(dst, position);
            if (read > 0 && readOnly && fires(Kind.READ_FLIP))
            {
                flip(dst, start, start + read);
            }
            return read;
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException
        {
            if (fires(Kind.WRITE_FAILED))
            {
                throw injected(Kind.WRITE_FAILED, path());
            }
            if (src.remaining() > 1 && fires(Kind.SHORT_WRITE))
            {
                final int limit = src.limit();
                src.limit(src.position() + 1 + nextInt(src.remaining() - 1));
                try
                {
                    return delegate.write(src, position);
                }
                finally
                {
                    src.limit(limit);
                }
            }
            return delegate.write(src, position);
        }

        @Override
        public void truncate(final long size) throws IOException
        {
            delegate.truncate(size);
        }

        @Override
        public void force(final boolean metadata) throws IOException
        {
            if (fires(Kind.FORCE_FAILED))
            {
                throw injected(Kind.FORCE_FAILED, path());
            }
            delegate.force(metadata);
        }

        @Override
        public ByteBuffer map(final long length) throws IOException
        {
            final ByteBuffer mapped = delegate.map(length);
            if (!readOnly || !fires(Kind.READ_FLIP))
            {
                return mapped;
            }
            // A damaged copy: the file itself is untouched, as when the device returns a bad block.
            final ByteBuffer copy = ByteBuffer.allocateDirect(mapped.capacity());
            copy.put(mapped.duplicate()).clear();
            flip(copy, 0, copy.capacity());
            return copy;
        }

        @Override
        public void forceMapped(final int offset, final int length) throws IOException
        {
            if (fires(Kind.FORCE_FAILED))
            {
                throw injected(Kind.FORCE_FAILED, path());
            }
            delegate.forceMapped(offset, length);
        }

        @Override
        public void close() throws IOException
        {
            delegate.close();
        }
    }
}
