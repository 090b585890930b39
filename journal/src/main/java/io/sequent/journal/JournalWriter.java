package io.sequent.journal;

import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Appends frames to a memory-mapped journal file. One writer per file, used by one thread.
 * <p>
 * At open it scans the file: a torn tail (a damaged frame with nothing valid after it, left by a crash mid-write)
 * is zeroed and reported; damage with valid frames after it is corruption and refuses the open.
 */
public final class JournalWriter implements AutoCloseable
{
    private final Path file;
    private final Context ctx;
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private final JournalOpenReport openReport;
    private final long firstSequence;
    private MappedByteBuffer mapped;
    private ByteBuffer view;
    private int position;
    private int flushedPosition;
    private long lastSequence;
    private long frameCount;

    private JournalWriter(final Path file, final Context ctx) throws IOException
    {
        this.file = file;
        this.ctx = ctx;
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try
        {
            final boolean fresh = channel.size() == 0;
            if (fresh)
            {
                map(ctx.initialLength());
                buffer.putLong(MAGIC_OFFSET, MAGIC);
                buffer.putInt(FORMAT_VERSION_OFFSET, FORMAT_VERSION);
                buffer.putInt(HEADER_LENGTH_FIELD_OFFSET, FILE_HEADER_LENGTH);
                buffer.putInt(SCHEMA_ID_OFFSET, ctx.schemaId());
                buffer.putInt(SCHEMA_VERSION_OFFSET, ctx.schemaVersion());
                buffer.putLong(FIRST_SEQUENCE_OFFSET, ctx.firstSequence());
                mapped.force(0, FILE_HEADER_LENGTH);
            }
            else
            {
                if (channel.size() < FILE_HEADER_LENGTH || channel.size() >= Integer.MAX_VALUE)
                {
                    throw new JournalCorruptedException(file, 0, "file length " + channel.size() +
                        " is not that of a journal");
                }
                map(channel.size());
                checkHeader(file, buffer);
            }
            firstSequence = buffer.getLong(FIRST_SEQUENCE_OFFSET);
            openReport = scan();
        }
        catch (final IOException | RuntimeException ex)
        {
            unmap();
            channel.close();
            throw ex;
        }
    }

    /**
     * Opens (creating when absent) a journal file and positions after its last valid frame.
     *
     * @param file the journal file.
     * @param ctx  settings; {@link Context#conclude()} is called here.
     * @return the writer.
     * @throws JournalCorruptedException when the file is damaged before its tail or is not a journal.
     */
    public static JournalWriter open(final Path file, final Context ctx)
    {
        ctx.conclude();
        try
        {
            return new JournalWriter(file, ctx);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open journal " + file + ": " + ex.getMessage() +
                ". Check that its directory exists and is writable and the disk has room.", ex);
        }
    }

    static void checkHeader(final Path file, final DirectBuffer buffer)
    {
        if (buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            throw new JournalCorruptedException(file, MAGIC_OFFSET, "no journal magic: not a Sequent journal");
        }
        if (buffer.getInt(FORMAT_VERSION_OFFSET) != FORMAT_VERSION)
        {
            throw new JournalCorruptedException(file, FORMAT_VERSION_OFFSET,
                "format version " + buffer.getInt(FORMAT_VERSION_OFFSET) + ", this code reads " + FORMAT_VERSION);
        }
    }

    private JournalOpenReport scan()
    {
        final JournalScan scan = JournalScan.of(file, buffer, view, crc, firstSequence, ctx.commitMarker());
        final long uncommitted = scan.frames() - scan.committedFrames();
        // Frames after the last commit frame are an incomplete unit a crash cut short: they go with the torn tail.
        final int end = (int)scan.committedEnd();
        final int dirtyEnd = (int)(scan.endPosition() + scan.tornBytes());
        position = end;
        flushedPosition = position;
        lastSequence = scan.lastSequence() - uncommitted;
        frameCount = scan.committedFrames();
        if (dirtyEnd > end)
        {
            buffer.setMemory(end, dirtyEnd - end, (byte)0);
            mapped.force(end, dirtyEnd - end);
        }
        final JournalOpenReport found = scan.report();
        return uncommitted == 0 ? found : new JournalOpenReport(frameCount, lastSequence, position,
            found.tornOffset(), found.tornBytes(), uncommitted);
    }

    private void map(final long length) throws IOException
    {
        if (channel.size() < length)
        {
            // Extend by writing the last byte: the file stays sparse until frames fill it.
            channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
        }
        mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
        view = mapped.duplicate();
        buffer.wrap(mapped);
    }

    private void unmap()
    {
        if (mapped != null)
        {
            IoUtil.unmap(mapped);
            mapped = null;
        }
    }

    /**
     * Appends one frame.
     *
     * @param sequence  must be {@link #lastSequence()} + 1.
     * @param timestamp epoch nanoseconds.
     * @param src       buffer holding the message.
     * @param offset    of the message.
     * @param length    of the message.
     * @return the position after the frame.
     * @throws JournalFullException when the file would grow past its maximum length.
     */
    public long append(final long sequence, final long timestamp, final DirectBuffer src, final int offset, final int length)
    {
        if (sequence != lastSequence + 1)
        {
            throw new IllegalArgumentException("journal " + file + ": expected sequence " + (lastSequence + 1) +
                " but got " + sequence);
        }
        final int frameLength = HEADER_LENGTH + length;
        final int next = position + alignedLength(frameLength);
        if (next > buffer.capacity())
        {
            grow(next);
        }
        buffer.putBytes(position + HEADER_LENGTH, src, offset, length);
        buffer.putLong(position + SEQUENCE_OFFSET, sequence);
        buffer.putLong(position + TIMESTAMP_OFFSET, timestamp);
        buffer.putInt(position + CRC_OFFSET, checksum(crc, view, position, frameLength));
        // Length last, with release semantics: a reader, or the file after a crash, shows all of the frame or none.
        buffer.putIntRelease(position + LENGTH_OFFSET, frameLength);
        position = next;
        lastSequence = sequence;
        frameCount++;
        return next;
    }

    private void grow(final int required)
    {
        long length = buffer.capacity();
        while (length < required)
        {
            length *= 2;
        }
        if (length > ctx.maxLength())
        {
            if (required > ctx.maxLength())
            {
                throw new JournalFullException("journal " + file + " is full at " + buffer.capacity() +
                    " bytes (max " + ctx.maxLength() + "): raise sequent.journal.max.length (below 2 GiB) " +
                    "or start from a new data directory");
            }
            length = ctx.maxLength();
        }
        try
        {
            // Unmapping loses nothing (the pages stay in the page cache); only what the policy promised is forced.
            flush();
            unmap();
            map(length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot grow journal " + file + " to " + length + " bytes", ex);
        }
    }

    /**
     * Applies the durability policy to everything appended since the last flush. Call once per batch.
     */
    public void flush()
    {
        if (ctx.durability() == DurabilityPolicy.BATCH && position > flushedPosition)
        {
            mapped.force(flushedPosition, position - flushedPosition);
        }
        flushedPosition = position;
    }

    /**
     * @return sequence of the last frame, or first sequence - 1 when the journal is empty.
     */
    public long lastSequence()
    {
        return lastSequence;
    }

    /**
     * @return the position the next frame goes to.
     */
    public long position()
    {
        return position;
    }

    /**
     * @return frames in the journal.
     */
    public long frameCount()
    {
        return frameCount;
    }

    /**
     * @return what the scan at open found.
     */
    public JournalOpenReport openReport()
    {
        return openReport;
    }

    /**
     * @return the journal file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Forces what was written and releases the file.
     */
    @Override
    public void close()
    {
        if (mapped == null)
        {
            return;
        }
        mapped.force();
        unmap();
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close journal " + file, ex);
        }
    }

    /**
     * Settings of a {@link JournalWriter}.
     */
    public static final class Context
    {
        private long initialLength = 64L << 20;
        private long maxLength = 1L << 30;
        private int schemaId;
        private int schemaVersion;
        private long firstSequence = 1;
        private DurabilityPolicy durability = DurabilityPolicy.NONE;
        private CommitMarker commitMarker;

        /**
         * Validates the settings.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (maxLength >= Integer.MAX_VALUE)
            {
                throw new IllegalStateException("journal max length must be below 2 GiB: " + maxLength);
            }
            if (initialLength < FILE_HEADER_LENGTH + HEADER_LENGTH || initialLength > maxLength)
            {
                throw new IllegalStateException("journal initial length must be between " +
                    (FILE_HEADER_LENGTH + HEADER_LENGTH) + " and the max length " + maxLength + ": " + initialLength);
            }
            if (firstSequence < 1)
            {
                throw new IllegalStateException("first sequence must be at least 1: " + firstSequence);
            }
            if (durability == null)
            {
                throw new IllegalStateException("a durability policy is required");
            }
            return this;
        }

        /**
         * @param bytes initial file length (default 64 MiB); the file grows by doubling.
         * @return this.
         */
        public Context initialLength(final long bytes)
        {
            this.initialLength = bytes;
            return this;
        }

        /**
         * @return initial file length.
         */
        public long initialLength()
        {
            return initialLength;
        }

        /**
         * @param bytes largest file length (default 1 GiB, below 2 GiB).
         * @return this.
         */
        public Context maxLength(final long bytes)
        {
            this.maxLength = bytes;
            return this;
        }

        /**
         * @return largest file length.
         */
        public long maxLength()
        {
            return maxLength;
        }

        /**
         * @param schemaId SBE schema id of the messages, stamped in a new file's header.
         * @return this.
         */
        public Context schemaId(final int schemaId)
        {
            this.schemaId = schemaId;
            return this;
        }

        /**
         * @return SBE schema id of the messages.
         */
        public int schemaId()
        {
            return schemaId;
        }

        /**
         * @param schemaVersion SBE schema version of the messages, stamped in a new file's header.
         * @return this.
         */
        public Context schemaVersion(final int schemaVersion)
        {
            this.schemaVersion = schemaVersion;
            return this;
        }

        /**
         * @return SBE schema version of the messages.
         */
        public int schemaVersion()
        {
            return schemaVersion;
        }

        /**
         * @param sequence of a new file's first frame (default 1).
         * @return this.
         */
        public Context firstSequence(final long sequence)
        {
            this.firstSequence = sequence;
            return this;
        }

        /**
         * @return sequence of a new file's first frame.
         */
        public long firstSequence()
        {
            return firstSequence;
        }

        /**
         * @param durability when frames are forced to the device (default NONE).
         * @return this.
         */
        public Context durability(final DurabilityPolicy durability)
        {
            this.durability = durability;
            return this;
        }

        /**
         * @return when frames are forced to the device.
         */
        public DurabilityPolicy durability()
        {
            return durability;
        }

        /**
         * @param marker recognises the frame that completes a unit of work; at open, frames after the last such
         *               frame are truncated (a journal holding none is taken whole). Default null: every frame
         *               counts on its own.
         * @return this.
         */
        public Context commitMarker(final CommitMarker marker)
        {
            this.commitMarker = marker;
            return this;
        }

        /**
         * @return what recognises a commit frame, or null.
         */
        public CommitMarker commitMarker()
        {
            return commitMarker;
        }
    }
}
