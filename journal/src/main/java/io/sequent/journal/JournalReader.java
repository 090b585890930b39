package io.sequent.journal;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Reads frames of a journal file in sequence order, checking each frame's length, sequence and CRC. A frame that
 * fails is never delivered: the read stops with a {@link JournalCorruptedException} naming the file and offset.
 * <p>
 * It sees the frames that existed when it was opened (and those appended later within the mapped length).
 */
public final class JournalReader implements AutoCloseable
{
    private final Path file;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer;
    private final ByteBuffer view;
    private final long firstSequence;
    private MappedByteBuffer mapped;

    private JournalReader(final Path file) throws IOException
    {
        this.file = file;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < FILE_HEADER_LENGTH || size >= Integer.MAX_VALUE)
            {
                throw new JournalCorruptedException(file, 0, "file length " + size + " is not that of a journal");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        view = mapped.duplicate();
        buffer = new UnsafeBuffer(mapped);
        try
        {
            JournalWriter.checkHeader(file, buffer);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
        firstSequence = buffer.getLong(FIRST_SEQUENCE_OFFSET);
    }

    /**
     * @param file a journal file.
     * @return a reader over it.
     */
    public static JournalReader open(final Path file)
    {
        try
        {
            return new JournalReader(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Delivers every frame from {@code fromSequence} to the end.
     *
     * @param fromSequence first sequence wanted.
     * @param handler      receives the frames.
     * @return frames delivered.
     */
    public long read(final long fromSequence, final FrameHandler handler)
    {
        return read(fromSequence, Long.MAX_VALUE, handler);
    }

    /**
     * Delivers the frames with sequences in [fromSequence, toSequence].
     *
     * @param fromSequence first sequence wanted.
     * @param toSequence   last sequence wanted, inclusive.
     * @param handler      receives the frames.
     * @return frames delivered.
     */
    public long read(final long fromSequence, final long toSequence, final FrameHandler handler)
    {
        final int limit = buffer.capacity();
        int pos = FILE_HEADER_LENGTH;
        long expected = firstSequence;
        long delivered = 0;
        while (pos + HEADER_LENGTH <= limit && expected <= toSequence)
        {
            final int rawLength = buffer.getIntVolatile(pos + LENGTH_OFFSET);
            if (rawLength == 0)
            {
                break;
            }
            final int length = validLength(buffer, view, crc, pos, limit, expected);
            if (length < 0)
            {
                throw new JournalCorruptedException(file, pos, "frame " + expected +
                    " fails its length, sequence or CRC check");
            }
            if (expected >= fromSequence)
            {
                handler.onFrame(expected, buffer.getLong(pos + TIMESTAMP_OFFSET), buffer, pos + HEADER_LENGTH,
                    length - HEADER_LENGTH);
                delivered++;
            }
            pos += alignedLength(length);
            expected++;
        }
        return delivered;
    }

    /**
     * Checks the whole file without changing it: every frame's length, sequence and CRC, and what follows the last
     * valid frame.
     *
     * @return what a writer opening the file would find; a torn tail is reported, not repaired.
     * @throws JournalCorruptedException when damage has intact frames after it.
     */
    public JournalOpenReport verify()
    {
        return JournalScan.of(file, buffer, view, crc, firstSequence).report();
    }

    /**
     * @return SBE schema id stamped in the file's header.
     */
    public int schemaId()
    {
        return buffer.getInt(SCHEMA_ID_OFFSET);
    }

    /**
     * @return SBE schema version stamped in the file's header.
     */
    public int schemaVersion()
    {
        return buffer.getInt(SCHEMA_VERSION_OFFSET);
    }

    /**
     * @return sequence of the file's first frame.
     */
    public long firstSequence()
    {
        return firstSequence;
    }

    /**
     * Releases the mapping.
     */
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
