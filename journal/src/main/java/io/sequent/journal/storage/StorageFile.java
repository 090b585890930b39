package io.sequent.journal.storage;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One open file of a {@link SegmentStorage}: positional reads and writes, one memory mapping, and forces. Reads and
 * writes behave as {@code FileChannel}'s positional ones do: they may move fewer bytes than asked, which
 * {@link #readFully} and {@link #writeFully} loop over, so a decorator may return short writes to test that. Used by
 * one thread at a time.
 */
public interface StorageFile extends Closeable
{
    /**
     * @return the file's path, for messages.
     */
    Path path();

    /**
     * @return the file's length in bytes.
     * @throws IOException when it cannot be read.
     */
    long size() throws IOException;

    /**
     * @param dst      receives bytes from its position up to its limit, or fewer.
     * @param position in the file of the first byte read.
     * @return bytes read, possibly 0, or -1 at the end of the file.
     * @throws IOException when the read fails.
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * @param src      bytes from its position up to its limit are written, or fewer.
     * @param position in the file of the first byte written; the file grows as needed.
     * @return bytes written.
     * @throws IOException when the write fails (for example when the device is full).
     */
    int write(ByteBuffer src, long position) throws IOException;

    /**
     * @param size the file's new length, when shorter than now; a longer size changes nothing.
     * @throws IOException when it fails.
     */
    void truncate(long size) throws IOException;

    /**
     * Forces what was written to this file through any channel to the device (fsync, fdatasync without metadata).
     *
     * @param metadata whether the file's metadata (its length) must be forced too.
     * @throws IOException when the device did not confirm: what was written may be lost.
     */
    void force(boolean metadata) throws IOException;

    /**
     * Maps the first {@code length} bytes of the file, read-write unless it was opened {@code READ}. At most one
     * mapping per file; it stays valid until {@link #close()}. The caller reads and writes the returned buffer
     * directly: that is the journal's hot path, so nothing about it may be slow. A decorator may return another
     * buffer over the same bytes (a damaged copy of a read-only mapping, say).
     *
     * @param length bytes to map, at most the file's length.
     * @return the mapped bytes, position 0, limit {@code length}.
     * @throws IOException when the file cannot be mapped.
     */
    ByteBuffer map(long length) throws IOException;

    /**
     * Forces a range of the mapping's writes to the device (msync).
     *
     * @param offset of the first byte in the mapping.
     * @param length of the range.
     * @throws IOException when the device did not confirm: those writes may be lost.
     */
    void forceMapped(int offset, int length) throws IOException;

    /**
     * Releases the mapping, if any, and the file.
     *
     * @throws IOException when the file cannot be closed.
     */
    @Override
    void close() throws IOException;

    /**
     * Reads until {@code dst} is full.
     *
     * @param dst      to fill from its position up to its limit.
     * @param position in the file of the first byte read.
     * @throws EOFException when the file ends first.
     * @throws IOException  when a read fails.
     */
    default void readFully(final ByteBuffer dst, final long position) throws IOException
    {
        long at = position;
        while (dst.hasRemaining())
        {
            final int read = read(dst, at);
            if (read < 0)
            {
                throw new EOFException(path() + " ends at byte " + at + ", " + dst.remaining() + " bytes short");
            }
            at += read;
        }
    }

    /**
     * Writes until {@code src} is used up, however few bytes each write takes.
     *
     * @param src      bytes from its position up to its limit.
     * @param position in the file of the first byte written.
     * @throws IOException when a write fails or makes no progress.
     */
    default void writeFully(final ByteBuffer src, final long position) throws IOException
    {
        long at = position;
        while (src.hasRemaining())
        {
            final int written = write(src, at);
            if (written <= 0)
            {
                // A file write moves at least one byte or fails; looping on nothing would hang the journaler.
                throw new IOException("no bytes written to " + path() + " at byte " + at + ", " + src.remaining() +
                    " left");
            }
            at += written;
        }
    }
}
