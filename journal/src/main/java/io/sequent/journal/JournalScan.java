package io.sequent.journal;

import org.agrona.concurrent.AtomicBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Walks a journal's frames to find where the valid ones end, and judges what follows: zeros (a clean end), a torn
 * tail (damage with no intact frame after it: a crash mid-write), or corruption (damage with intact frames after
 * it, which refuses). Changes nothing: the writer repairs a torn tail, a verifier only reports it.
 */
final class JournalScan
{
    private final long frames;
    private final long lastSequence;
    private final long endPosition;
    private final long tornBytes;
    private final long committedFrames;
    private final long committedEnd;

    private JournalScan(
        final long frames,
        final long lastSequence,
        final long endPosition,
        final long tornBytes,
        final long committedFrames,
        final long committedEnd)
    {
        this.frames = frames;
        this.lastSequence = lastSequence;
        this.endPosition = endPosition;
        this.tornBytes = tornBytes;
        this.committedFrames = committedFrames;
        this.committedEnd = committedEnd;
    }

    /**
     * A scan's result found another way (the blocks of an encrypted segment).
     */
    static JournalScan result(
        final long frames,
        final long lastSequence,
        final long endPosition,
        final long tornBytes,
        final long committedFrames,
        final long committedEnd)
    {
        return new JournalScan(frames, lastSequence, endPosition, tornBytes, committedFrames, committedEnd);
    }

    /**
     * @return the last byte of {@code buffer} at or after {@code from} that is not zero, or {@code from - 1}.
     */
    static int lastNonZero(final AtomicBuffer buffer, final int from)
    {
        return lastNonZeroByte(buffer, from);
    }

    /**
     * @throws JournalCorruptedException when damage has intact frames after it.
     */
    static JournalScan of(
        final Path file,
        final AtomicBuffer buffer,
        final ByteBuffer view,
        final CRC32C crc,
        final int start,
        final long firstSequence)
    {
        return of(file, buffer, view, crc, start, firstSequence, null);
    }

    /**
     * @param marker recognises commit frames, or null: then every frame counts as committed.
     * @throws JournalCorruptedException when damage has intact frames after it.
     */
    static JournalScan of(
        final Path file,
        final AtomicBuffer buffer,
        final ByteBuffer view,
        final CRC32C crc,
        final int start,
        final long firstSequence,
        final CommitMarker marker)
    {
        final int limit = buffer.capacity();
        int pos = start;
        long expected = firstSequence;
        long frames = 0;
        long committedFrames = marker == null ? -1 : 0;
        long committedEnd = start;
        while (pos + HEADER_LENGTH <= limit)
        {
            final int length = validLength(buffer, view, crc, pos, limit, expected);
            if (length < 0)
            {
                break;
            }
            final boolean commit =
                marker != null && marker.isCommit(buffer, pos + HEADER_LENGTH, length - HEADER_LENGTH);
            pos += alignedLength(length);
            expected++;
            frames++;
            if (commit)
            {
                committedFrames = frames;
                committedEnd = pos;
            }
        }
        if (marker == null)
        {
            committedFrames = frames;
            committedEnd = pos;
        }

        final int lastNonZero = lastNonZeroByte(buffer, pos);
        if (lastNonZero < pos)
        {
            return new JournalScan(frames, expected - 1, pos, 0, committedFrames, committedEnd);
        }
        // Damage at pos. If any intact frame lies beyond it, this is not a torn tail: never cut valid frames off.
        for (int p = pos + ALIGNMENT; p + HEADER_LENGTH <= lastNonZero + 1; p += ALIGNMENT)
        {
            final long sequence = buffer.getLong(p + SEQUENCE_OFFSET);
            if (sequence >= expected && validLength(buffer, view, crc, p, limit, sequence) > 0)
            {
                throw new JournalCorruptedException(file, pos, "frame " + expected + " fails its length, " +
                    "sequence or CRC check and intact frames follow it (sequence " + sequence + " at offset " + p +
                    ")");
            }
        }
        return new JournalScan(frames, expected - 1, pos, lastNonZero + 1 - pos, committedFrames, committedEnd);
    }

    private static int lastNonZeroByte(final AtomicBuffer buffer, final int from)
    {
        int p = buffer.capacity() - ALIGNMENT;
        while (p >= from && buffer.getLong(p) == 0)
        {
            p -= ALIGNMENT;
        }
        if (p < from)
        {
            return from - 1;
        }
        int last = p + ALIGNMENT - 1;
        while (buffer.getByte(last) == 0)
        {
            last--;
        }
        return last;
    }

    long frames()
    {
        return frames;
    }

    long lastSequence()
    {
        return lastSequence;
    }

    long endPosition()
    {
        return endPosition;
    }

    long tornBytes()
    {
        return tornBytes;
    }

    /**
     * @return frames up to and including the last commit frame (all of them when scanned without a marker).
     */
    long committedFrames()
    {
        return committedFrames;
    }

    /**
     * @return the position after the last commit frame (the end of the frames when scanned without a marker).
     */
    long committedEnd()
    {
        return committedEnd;
    }

    JournalOpenReport report(final String segment)
    {
        return new JournalOpenReport(segment, frames, lastSequence, endPosition, tornBytes == 0 ? -1 : endPosition,
            tornBytes, 0);
    }
}
