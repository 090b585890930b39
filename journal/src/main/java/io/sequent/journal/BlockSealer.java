package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * The writer's side of an encrypted segment: frames are appended (by the {@link FrameWriter}, unchanged) into a
 * staging buffer in memory, and sealed from there into the mapped segment as blocks (layout in {@link JournalFrame}):
 * one AES-GCM operation per block, at the end of each batch or when the staging or the segment runs out of room,
 * so the cost of a seal is shared by every frame of the batch. A block is sealed only up to the last commit frame
 * staged (all of them without a commit marker); what follows stays staged, carried into the next block, the next
 * segment's if need be. So a block either ends with a commit frame or, for a command too large to wait, holds none:
 * a torn tail is cut at a block's end, never inside one, and nothing sealed is ever written twice.
 * <p>
 * Owned by the writer's thread; allocates nothing per frame or block beyond what {@code Cipher.init} does.
 */
final class BlockSealer
{
    private final CommitMarker marker;
    private final byte[] staging;
    private final UnsafeBuffer stagingBuffer;
    private final ByteBuffer stagingView;
    private final byte[] sealed;
    private final byte[] aad = new byte[BLOCK_HEADER_LENGTH - SEQUENCE_OFFSET];
    private final UnsafeBuffer aadBuffer = new UnsafeBuffer(aad);
    private final CRC32C crc = new CRC32C();
    private MappedSegment segment;
    private ByteBuffer segmentView;
    private AeadCipher cipher;
    private int filePosition;
    private long stagedFirstSequence;
    private int sealCount;
    private int sealBytes;

    /**
     * @param capacity bytes of frames a block holds at most.
     * @param marker   recognises commit frames, or null.
     */
    BlockSealer(final int capacity, final CommitMarker marker)
    {
        this.marker = marker;
        this.staging = new byte[capacity];
        this.stagingBuffer = new UnsafeBuffer(staging);
        this.stagingView = ByteBuffer.wrap(staging);
        this.sealed = new byte[capacity + AeadCipher.TAG_LENGTH];
    }

    /**
     * Goes on in another segment; frames staged stay staged, for its first block.
     *
     * @param next          the segment, its header written.
     * @param segmentCipher its cipher.
     * @param position      where its first block goes.
     * @param nextSequence  the sequence of the next frame appended when nothing is staged.
     * @param staged        bytes staged now.
     */
    void attach(
        final MappedSegment next,
        final AeadCipher segmentCipher,
        final int position,
        final long nextSequence,
        final int staged)
    {
        segment = next;
        segmentView = next.mapped().duplicate();
        cipher = segmentCipher;
        filePosition = position;
        if (staged == 0)
        {
            stagedFirstSequence = nextSequence;
        }
    }

    UnsafeBuffer stagingBuffer()
    {
        return stagingBuffer;
    }

    ByteBuffer stagingView()
    {
        return stagingView;
    }

    /**
     * @return the staging's limit for frames: what a block may hold and what the segment has room for.
     */
    int limit()
    {
        return (int)Math.min(staging.length, Math.max(0, segment.capacity() - filePosition - BLOCK_OVERHEAD));
    }

    /**
     * @return where the next block goes in the segment.
     */
    int filePosition()
    {
        return filePosition;
    }

    /**
     * @return sequence of the first frame staged (the next one when none is).
     */
    long stagedFirstSequence()
    {
        return stagedFirstSequence;
    }

    /**
     * @param staged bytes staged.
     * @return bytes the segment still has room for, blocks' overhead taken out.
     */
    long segmentRoom(final int staged)
    {
        return segment.capacity() - filePosition - staged - BLOCK_OVERHEAD;
    }

    /**
     * Seals the staged frames up to the last commit frame (all of them without a commit marker).
     *
     * @param staged bytes staged.
     * @return bytes still staged after.
     */
    int sealCommitted(final int staged)
    {
        findLastCommit(staged);
        return sealCount == 0 ? staged : seal(staged, sealBytes, sealCount);
    }

    /**
     * Seals every staged frame, committed or not: for a command that does not fit a block or a segment. Only when
     * they fit in the segment.
     *
     * @param staged bytes staged.
     * @return bytes still staged after: 0, or {@code staged} when they do not fit.
     */
    int sealAll(final int staged)
    {
        if (staged == 0 || segment.capacity() - filePosition - BLOCK_OVERHEAD < staged)
        {
            return staged;
        }
        int count = 0;
        for (int pos = 0; pos < staged; pos += alignedLength(stagingBuffer.getInt(pos + LENGTH_OFFSET)))
        {
            count++;
        }
        return seal(staged, staged, count);
    }

    private void findLastCommit(final int staged)
    {
        sealCount = 0;
        sealBytes = 0;
        int count = 0;
        int pos = 0;
        while (pos < staged)
        {
            final int length = stagingBuffer.getInt(pos + LENGTH_OFFSET);
            count++;
            pos += alignedLength(length);
            if (marker == null || marker.isCommit(stagingBuffer, pos - alignedLength(length) + HEADER_LENGTH,
                length - HEADER_LENGTH))
            {
                sealCount = count;
                sealBytes = pos;
            }
        }
    }

    /**
     * Seals the first {@code bytes} of the staging, {@code count} frames, as one block, and moves what follows to
     * the staging's start.
     */
    private int seal(final int staged, final int bytes, final int count)
    {
        final int position = filePosition;
        final int length = BLOCK_HEADER_LENGTH + bytes + AeadCipher.TAG_LENGTH;
        aadBuffer.putLong(0, stagedFirstSequence);
        aadBuffer.putInt(BLOCK_COUNT_OFFSET - SEQUENCE_OFFSET, count);
        aadBuffer.putInt(BLOCK_COUNT_OFFSET - SEQUENCE_OFFSET + 4, 0);
        final int sealedLength = cipher.encrypt(0, stagedFirstSequence, aad, 0, aad.length, staging, 0, bytes,
            sealed, 0);
        final UnsafeBuffer out = segment.buffer();
        out.putBytes(position + BLOCK_HEADER_LENGTH, sealed, 0, sealedLength);
        out.putBytes(position + SEQUENCE_OFFSET, aad);
        out.putInt(position + CRC_OFFSET, JournalFrame.checksum(crc, segmentView, position, length));
        // Length last, with release semantics: the file shows the whole block or none of it.
        out.putIntRelease(position + LENGTH_OFFSET, length);
        filePosition = position + length;
        stagedFirstSequence += count;
        final int left = staged - bytes;
        if (left > 0)
        {
            System.arraycopy(staging, bytes, staging, 0, left);
        }
        // Frames' alignment padding is written as zeros nowhere but here: what the next frames pad with.
        java.util.Arrays.fill(staging, left, staged, (byte)0);
        return left;
    }
}
