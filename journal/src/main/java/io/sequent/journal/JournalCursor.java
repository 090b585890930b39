package io.sequent.journal;

import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;
import io.sequent.journal.storage.SegmentStorage;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * A reader that follows a journal as it grows: from a sequence, it delivers frames up to a limit the caller knows is
 * written (the journaled position), keeping its place (segment, offset, next sequence) between polls, and moving on
 * to the next segment when the writer rolled. Catching up from an old sequence and following the head are the same
 * loop, so a subscriber sees every frame once, in order, with no gap at the hand-over. Frames are checked as the
 * {@link JournalReader} checks them; one that fails stops the cursor with a {@link JournalCorruptedException}.
 * <p>
 * Owned by one thread. One segment is mapped at a time; nothing is allocated per frame.
 */
public final class JournalCursor implements AutoCloseable
{
    private final Path dir;
    private final SegmentStorage storage;
    private final JournalKeyring keyring;
    private final CRC32C crc = new CRC32C();
    private final long fromSequence;
    private List<SegmentFiles.Entry> entries;
    private int index;
    private SegmentView segment;
    private int position;
    private long expected;

    private JournalCursor(
        final Path dir, final SegmentStorage storage, final JournalKeyring keyring, final long fromSequence)
    {
        this.dir = dir;
        this.storage = storage;
        this.keyring = keyring;
        this.fromSequence = fromSequence;
        this.entries = SegmentFiles.list(dir);
        if (entries.isEmpty())
        {
            index = 0;
            expected = 1;
            return;
        }
        final long oldest = entries.get(0).firstSequence();
        if (fromSequence < oldest)
        {
            throw new IllegalStateException("journal " + dir + " starts at sequence " + oldest + " (older segments " +
                "were deleted by retention): sequences from " + fromSequence + " are gone");
        }
        index = 0;
        while (index + 1 < entries.size() && entries.get(index + 1).firstSequence() <= fromSequence)
        {
            index++;
        }
        expected = entries.get(index).firstSequence();
    }

    /**
     * @param dir          a journal directory.
     * @param fromSequence the first sequence to deliver (at least 1).
     * @return a cursor positioned before it.
     * @throws IllegalStateException when retention deleted the segments that held it.
     */
    public static JournalCursor open(final Path dir, final long fromSequence)
    {
        return open(dir, FileSegmentStorage.INSTANCE, null, fromSequence);
    }

    /**
     * @param dir          a journal directory.
     * @param storage      the file system its segments are read through.
     * @param keyring      the keys of encrypted segments, or null when none is given.
     * @param fromSequence the first sequence to deliver (at least 1).
     * @return a cursor positioned before it.
     * @throws IllegalStateException when retention deleted the segments that held it.
     */
    public static JournalCursor open(
        final Path dir, final SegmentStorage storage, final JournalKeyring keyring, final long fromSequence)
    {
        if (fromSequence < 1)
        {
            throw new IllegalArgumentException("journal sequences start at 1: " + fromSequence);
        }
        return new JournalCursor(dir, storage, keyring, fromSequence);
    }

    /**
     * @param dir a journal directory.
     * @return the oldest sequence its segments still hold (1 for an empty journal).
     */
    public static long oldestSequence(final Path dir)
    {
        final List<SegmentFiles.Entry> all = SegmentFiles.list(dir);
        return all.isEmpty() ? 1 : all.get(0).firstSequence();
    }

    /**
     * Receives frames; may decline one, which then stays the next frame.
     */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param sequence  of the frame.
         * @param timestamp the frame's timestamp.
         * @param buffer    holding its SBE message, valid during the call only.
         * @param offset    where the message starts.
         * @param length    of the message.
         * @return true when taken; false to stop here and be given this frame again at the next poll.
         */
        boolean onFrame(long sequence, long timestamp, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Delivers the frames from the next one up to {@code upTo}, at most {@code limit} of them.
     *
     * @param upTo    the last sequence known written (the journaled position): the cursor never reads past it.
     * @param handler receives them.
     * @param limit   most frames delivered in this poll.
     * @return frames taken.
     * @throws JournalCorruptedException when a frame fails its checks or a segment does not continue the last one.
     */
    public int poll(final long upTo, final Handler handler, final int limit)
    {
        int taken = 0;
        while (taken < limit && nextSequence() <= upTo)
        {
            if (segment == null && !openSegment())
            {
                break;
            }
            final int capacity = segment.buffer.capacity();
            if (position + HEADER_LENGTH > capacity || segment.buffer.getIntVolatile(position + LENGTH_OFFSET) == 0)
            {
                // The writer rolled: the frames wanted are in the next segment.
                if (!nextSegment() && !refreshSealed())
                {
                    break;
                }
                continue;
            }
            final int length = validLength(segment.buffer, segment.view, crc, position, capacity, expected);
            if (length < 0)
            {
                throw new JournalCorruptedException(segment.segment.file(), position, "frame " + expected +
                    " fails its length, sequence or CRC check");
            }
            if (expected >= fromSequence)
            {
                if (!handler.onFrame(expected, segment.buffer.getLong(position + TIMESTAMP_OFFSET), segment.buffer,
                    position + HEADER_LENGTH, length - HEADER_LENGTH))
                {
                    break;
                }
                taken++;
            }
            position += alignedLength(length);
            expected++;
        }
        return taken;
    }

    /**
     * @return the sequence the next poll delivers first.
     */
    public long nextSequence()
    {
        return Math.max(expected, fromSequence);
    }

    private boolean openSegment()
    {
        if (!locate(expected))
        {
            // Not listed yet: the writer is making the next segment; the next poll finds it.
            return false;
        }
        segment = SegmentView.open(entries.get(index), storage, keyring);
        position = segment.start();
        return true;
    }

    /**
     * An encrypted segment is read through a decrypted copy made at open, which does not grow as the writer seals
     * more blocks into it: when the frames wanted are known written (sealed before the journaled position moves)
     * yet not in the copy, decrypt again. Frames keep their offsets, since blocks are only appended.
     */
    private boolean refreshSealed()
    {
        if (!segment.segment.encrypted())
        {
            return false;
        }
        final int keep = position;
        CloseHelper.quietClose(segment);
        segment = SegmentView.open(entries.get(index), storage, keyring);
        position = keep;
        return position + HEADER_LENGTH <= segment.buffer.capacity() &&
            segment.buffer.getIntVolatile(position + LENGTH_OFFSET) != 0;
    }

    private boolean nextSegment()
    {
        if (segment.segment.firstSequence() == expected)
        {
            // Nothing in this segment yet: the frames wanted are not written (or not visible) so far.
            return false;
        }
        final long next = expected;
        if (!locate(next))
        {
            return false;
        }
        CloseHelper.quietClose(segment);
        segment = null;
        return openSegment();
    }

    /**
     * Points {@code index} at the segment that starts at {@code firstSequence}, listing the directory again when the
     * one known is not it (a roll added one; retention may have removed older ones, which moves the indexes).
     *
     * @return false when no such segment is listed yet.
     */
    private boolean locate(final long firstSequence)
    {
        if (index < entries.size() && entries.get(index).firstSequence() == firstSequence)
        {
            return true;
        }
        if (index + 1 < entries.size() && entries.get(index + 1).firstSequence() == firstSequence)
        {
            index++;
            return true;
        }
        entries = SegmentFiles.list(dir);
        for (int i = 0; i < entries.size(); i++)
        {
            final long first = entries.get(i).firstSequence();
            if (first == firstSequence)
            {
                index = i;
                return true;
            }
            if (first > firstSequence)
            {
                throw new JournalCorruptedException(entries.get(i).path(), FIRST_SEQUENCE_OFFSET, "the segment " +
                    "starts at sequence " + first + " but the frames before it ended at " + (firstSequence - 1));
            }
        }
        return false;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(segment);
        segment = null;
    }
}
