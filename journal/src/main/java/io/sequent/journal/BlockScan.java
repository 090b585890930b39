package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Walks the blocks of an encrypted segment (format 3, layout in {@link JournalFrame}): checks each block's length,
 * first sequence and CRC as a frame's, its tag with the segment's key, and the frames it decrypts to; optionally
 * copies those frames, in order, into a plain view of the segment. Judges what follows the last valid block as
 * {@link JournalScan} does for frames: zeros, a torn tail, or corruption when an intact block follows. Positions and
 * the torn tail are the file's; frames and commit frames count the decrypted frames. Changes nothing.
 */
final class BlockScan
{
    private final JournalScan result;
    private final int plainEnd;

    private BlockScan(final JournalScan result, final int plainEnd)
    {
        this.result = result;
        this.plainEnd = plainEnd;
    }

    /**
     * @param file          the segment, for messages.
     * @param buffer        over the segment's bytes.
     * @param view          a ByteBuffer over the same bytes.
     * @param crc           reusable checksum.
     * @param start         where the first block starts (the header's length).
     * @param firstSequence the segment's first sequence.
     * @param cipher        the segment's cipher, its header tag checked.
     * @param marker        recognises commit frames, or null: every frame counts as committed.
     * @param plain         receives the decrypted frames from {@code start} on, or null.
     * @return the scan.
     * @throws JournalCorruptedException when a block fails its tag, decrypts to a damaged frame, holds frames after
     *                                   its last commit frame, or when damage has intact blocks after it.
     */
    static BlockScan of(
        final Path file,
        final AtomicBuffer buffer,
        final ByteBuffer view,
        final CRC32C crc,
        final int start,
        final long firstSequence,
        final AeadCipher cipher,
        final CommitMarker marker,
        final MutableDirectBuffer plain)
    {
        final int limit = buffer.capacity();
        final byte[] aad = new byte[BLOCK_HEADER_LENGTH - SEQUENCE_OFFSET];
        byte[] sealed = new byte[0];
        byte[] opened = new byte[0];
        final UnsafeBuffer openedBuffer = new UnsafeBuffer(0, 0);
        int pos = start;
        int plainPos = start;
        long expected = firstSequence;
        long frames = 0;
        long committedFrames = marker == null ? -1 : 0;
        long committedEnd = start;
        while (pos + BLOCK_HEADER_LENGTH <= limit)
        {
            final int length = validLength(buffer, view, crc, pos, limit, expected);
            final int count = length < 0 ? 0 : buffer.getInt(pos + BLOCK_COUNT_OFFSET);
            final int sealedLength = length - BLOCK_HEADER_LENGTH;
            if (length < 0 || count < 1 || sealedLength < AeadCipher.TAG_LENGTH)
            {
                break;
            }
            if (sealed.length < sealedLength)
            {
                sealed = new byte[sealedLength];
                opened = new byte[sealedLength];
                openedBuffer.wrap(opened);
            }
            buffer.getBytes(pos + SEQUENCE_OFFSET, aad);
            buffer.getBytes(pos + BLOCK_HEADER_LENGTH, sealed, 0, sealedLength);
            if (!cipher.decrypt(0, expected, aad, 0, aad.length, sealed, 0, sealedLength, opened, 0))
            {
                throw new JournalCorruptedException(file, pos, "the block of sequences " + expected + ".." +
                    (expected + count - 1) + " fails its authentication tag (key id " + cipher.keyId() + "): the " +
                    "segment was altered, or written with another key of that id");
            }
            final int openedLength = sealedLength - AeadCipher.TAG_LENGTH;
            final ByteBuffer openedView = ByteBuffer.wrap(opened, 0, openedLength);
            int inner = 0;
            boolean lastIsCommit = false;
            boolean anyCommit = false;
            for (int i = 0; i < count; i++)
            {
                final int frameLength = validLength(openedBuffer, openedView, crc, inner, openedLength, expected + i);
                if (frameLength < 0)
                {
                    throw new JournalCorruptedException(file, pos, "the block of sequences " + expected + ".." +
                        (expected + count - 1) + " authenticates but frame " + (expected + i) + " in it does not " +
                        "pass its checks");
                }
                lastIsCommit = marker != null &&
                    marker.isCommit(openedBuffer, inner + HEADER_LENGTH, frameLength - HEADER_LENGTH);
                anyCommit |= lastIsCommit;
                inner += alignedLength(frameLength);
            }
            if (inner != openedLength)
            {
                throw new JournalCorruptedException(file, pos, "the block of sequences " + expected + ".." +
                    (expected + count - 1) + " holds " + (openedLength - inner) + " bytes past its frames");
            }
            if (anyCommit && !lastIsCommit)
            {
                throw new JournalCorruptedException(file, pos, "the block of sequences " + expected + ".." +
                    (expected + count - 1) + " holds frames after its last commit frame, which no writer does");
            }
            if (plain != null)
            {
                plain.putBytes(plainPos, opened, 0, openedLength);
            }
            plainPos += openedLength;
            pos += length;
            expected += count;
            frames += count;
            if (lastIsCommit)
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
        final int lastNonZero = JournalScan.lastNonZero(buffer, pos);
        if (lastNonZero < pos)
        {
            return new BlockScan(JournalScan.result(frames, expected - 1, pos, 0, committedFrames, committedEnd),
                plainPos);
        }
        for (int p = pos + ALIGNMENT; p + BLOCK_HEADER_LENGTH <= lastNonZero + 1; p += ALIGNMENT)
        {
            final long sequence = buffer.getLong(p + SEQUENCE_OFFSET);
            if (sequence >= expected && validLength(buffer, view, crc, p, limit, sequence) > 0)
            {
                throw new JournalCorruptedException(file, pos, "the block of sequence " + expected + " fails its " +
                    "length, sequence or CRC check and intact blocks follow it (sequence " + sequence + " at offset " +
                    p + ")");
            }
        }
        return new BlockScan(JournalScan.result(frames, expected - 1, pos, lastNonZero + 1 - pos, committedFrames,
            committedEnd), plainPos);
    }

    /**
     * @return what the scan found, in the file's positions.
     */
    JournalScan result()
    {
        return result;
    }

    /**
     * @return where the decrypted frames end in the plain view.
     */
    int plainEnd()
    {
        return plainEnd;
    }
}
