package io.sequent.journal;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.CRC_OFFSET;
import static io.sequent.journal.JournalFrame.HEADER_LENGTH;
import static io.sequent.journal.JournalFrame.LENGTH_OFFSET;
import static io.sequent.journal.JournalFrame.SEQUENCE_OFFSET;
import static io.sequent.journal.JournalFrame.TIMESTAMP_OFFSET;
import static io.sequent.journal.JournalFrame.alignedLength;
import static io.sequent.journal.JournalFrame.checksum;

/**
 * Writes frames ({@code length | crc32c | sequence | timestamp | message}, 8-byte aligned) into the mapped segment it
 * is wrapped over, in sequence order. The hot path of the journal: it allocates nothing and calls nothing virtual,
 * the bytes go straight into the mapping. Owned by the writer's thread.
 */
final class FrameWriter
{
    /** What {@link #append} returns when the frame does not fit in the rest of the segment. */
    static final long NO_ROOM = -1;

    private final Path dir;
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private ByteBuffer view;
    private int limit;
    private int position;
    private long lastSequence;
    private long bytesAppended;

    /**
     * @param dir          the journal directory, for messages.
     * @param lastSequence sequence of the last frame written before, or first sequence - 1.
     */
    FrameWriter(final Path dir, final long lastSequence)
    {
        this.dir = dir;
        this.lastSequence = lastSequence;
    }

    /**
     * Goes on in another segment.
     *
     * @param segment  the segment to append to.
     * @param position where its next frame goes.
     */
    void wrap(final MappedSegment segment, final int position)
    {
        buffer.wrap(segment.mapped());
        view = segment.mapped().duplicate();
        limit = buffer.capacity();
        this.position = position;
    }

    /**
     * Goes on in a buffer of frames that is not a segment: an encrypted segment's staging.
     *
     * @param frames   the buffer, zeros past {@code position}.
     * @param view     a ByteBuffer over the same bytes.
     * @param position where the next frame goes.
     * @param limit    where frames must end.
     */
    void wrap(final UnsafeBuffer frames, final ByteBuffer view, final int position, final int limit)
    {
        buffer.wrap(frames);
        this.view = view;
        this.limit = limit;
        this.position = position;
    }

    /**
     * From now on every frame gets {@link #NO_ROOM}: a stopped writer refuses on its roll path, so the check costs
     * the hot path nothing.
     */
    void stop()
    {
        limit = 0;
    }

    /**
     * @param sequence  must be {@link #lastSequence()} + 1.
     * @param timestamp epoch nanoseconds.
     * @param src       buffer holding the message.
     * @param offset    of the message.
     * @param length    of the message.
     * @return the position after the frame, or {@link #NO_ROOM} (nothing written) when it does not fit or the writer
     *         stopped.
     * @throws IllegalArgumentException when the sequence does not follow the last one.
     */
    long append(final long sequence, final long timestamp, final DirectBuffer src, final int offset, final int length)
    {
        if (sequence != lastSequence + 1)
        {
            throw new IllegalArgumentException("journal " + dir + ": expected sequence " + (lastSequence + 1) +
                " but got " + sequence);
        }
        final int frameLength = HEADER_LENGTH + length;
        final int position = this.position;
        if (position + alignedLength(frameLength) > limit)
        {
            return NO_ROOM;
        }
        buffer.putBytes(position + HEADER_LENGTH, src, offset, length);
        buffer.putLong(position + SEQUENCE_OFFSET, sequence);
        buffer.putLong(position + TIMESTAMP_OFFSET, timestamp);
        buffer.putInt(position + CRC_OFFSET, checksum(crc, view, position, frameLength));
        // Length last, with release semantics: a reader, or the file after a crash, shows all of the frame or none.
        buffer.putIntRelease(position + LENGTH_OFFSET, frameLength);
        this.position = position + alignedLength(frameLength);
        lastSequence = sequence;
        bytesAppended += alignedLength(frameLength);
        return this.position;
    }

    /**
     * @return where the next frame goes in the current segment.
     */
    int position()
    {
        return position;
    }

    /**
     * @return bytes of frames appended since the writer opened, each counted with its alignment.
     */
    long bytesAppended()
    {
        return bytesAppended;
    }

    /**
     * @return bytes left for frames in the current segment (0 or less once stopped).
     */
    int room()
    {
        return limit - position;
    }

    /**
     * @return sequence of the last frame written.
     */
    long lastSequence()
    {
        return lastSequence;
    }
}
