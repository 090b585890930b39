package io.sequent.journal;

import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The journal's layout and the check of one frame.
 * <pre>
 * segment: header | frame | frame | ... | zeros (a segment file has a fixed, preallocated length)
 * header, format 2: magic "SEQJRNL1" (8) | format version (4) | header length (4) | schema id (4) |
 *         schema version (4) | first sequence (8) | document count (4) | header crc32c (4) |
 *         per document: length (4) | bytes (UTF-8 SBE schema XML) | zeros up to a multiple of 8.
 *         The header CRC covers the whole header with its own field read as zero.
 * header, format 1 (one growing file, journal/journal.dat, read only): the first 32 bytes above, zeros to 64.
 * frame: length (4) | crc32c (4) | sequence (8) | timestamp (8) | message; each frame starts 8-byte aligned,
 *        length counts the 24 header bytes and the message, crc32c covers sequence, timestamp and message.
 * header, format 3 (encrypted): the format 2 fields up to the header CRC, then key id (4) | cipher suite (4, 1:
 *         AES-256-GCM) | salt (16) | header tag (16) | documents as in format 2. The header tag is GCM over no
 *         plaintext with the whole header (tag and CRC read as zero) as authenticated data, nonce prefix
 *         0xFFFFFFFF: it proves the key before any block is read. The CRC covers the header as in format 2.
 * block (format 3, in place of frames): length (4) | crc32c (4) | first sequence (8) | frame count (4) | zero (4) |
 *        ciphertext | tag (16). The plaintext is a run of format 2 frames (sequences first..first+count-1), the
 *        nonce is prefix 0 and the first sequence, the authenticated data the 16 bytes after the CRC; the CRC
 *        covers what it does in a frame (from the sequence to the end), so damage is told from a torn tail without
 *        the key. A writer seals a block at the end of each batch (or when it needs the room), and only up to its
 *        last commit frame: a block either ends with a commit frame or holds none.
 * </pre>
 * The writer stores {@code length} last, so a length of 0 means "no frame here".
 */
public final class JournalFrame
{
    /** "SEQJRNL1" read as a little-endian long. */
    public static final long MAGIC = 0x314C4E524A514553L;
    /** Version of the segment layout this code writes. */
    public static final int FORMAT_VERSION = 2;
    /** Version of an encrypted segment: blocks of AES-256-GCM-sealed frames. */
    public static final int ENCRYPTED_FORMAT_VERSION = 3;
    /** Version of the single-file layout written before segments; still read. */
    public static final int LEGACY_FORMAT_VERSION = 1;
    /** Bytes of a format 1 file header. */
    public static final int LEGACY_HEADER_LENGTH = 64;
    /** Offset of the magic in the file header. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version in the file header. */
    public static final int FORMAT_VERSION_OFFSET = 8;
    /** Offset of the header length in the file header. */
    public static final int HEADER_LENGTH_FIELD_OFFSET = 12;
    /** Offset of the SBE schema id in the file header. */
    public static final int SCHEMA_ID_OFFSET = 16;
    /** Offset of the SBE schema version in the file header. */
    public static final int SCHEMA_VERSION_OFFSET = 20;
    /** Offset of the first sequence in the file header. */
    public static final int FIRST_SEQUENCE_OFFSET = 24;
    /** Offset of the number of embedded documents in a format 2 header. */
    public static final int DOCUMENT_COUNT_OFFSET = 32;
    /** Offset of the header's CRC in a format 2 header. */
    public static final int HEADER_CRC_OFFSET = 36;
    /** Offset of the first embedded document in a format 2 header. */
    public static final int DOCUMENTS_OFFSET = 40;
    /** Offset of the key id in a format 3 header. */
    public static final int KEY_ID_OFFSET = 40;
    /** Offset of the cipher suite in a format 3 header. */
    public static final int CIPHER_SUITE_OFFSET = 44;
    /** Offset of the salt in a format 3 header. */
    public static final int SALT_OFFSET = 48;
    /** Offset of the header tag in a format 3 header. */
    public static final int HEADER_TAG_OFFSET = 64;
    /** Offset of the first embedded document in a format 3 header. */
    public static final int ENCRYPTED_DOCUMENTS_OFFSET = 80;
    /** Offset of the frame count in a block. */
    public static final int BLOCK_COUNT_OFFSET = 16;
    /** Bytes before a block's ciphertext. */
    public static final int BLOCK_HEADER_LENGTH = 24;
    /** Bytes a block adds to the frames it seals: its header and tag. */
    public static final int BLOCK_OVERHEAD = BLOCK_HEADER_LENGTH + 16;

    /** Offset of the length in a frame. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the CRC in a frame. */
    public static final int CRC_OFFSET = 4;
    /** Offset of the sequence in a frame. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the timestamp in a frame. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Bytes before the message in a frame. */
    public static final int HEADER_LENGTH = 24;
    /** Frames start at multiples of this. */
    public static final int ALIGNMENT = 8;

    private JournalFrame()
    {
    }

    /**
     * @param length of a frame, header included.
     * @return the distance to the next frame.
     */
    public static int alignedLength(final int length)
    {
        return BitUtil.align(length, ALIGNMENT);
    }

    /**
     * CRC32C of a frame's checked bytes, computed through a reusable view so it allocates nothing.
     *
     * @param crc      reusable checksum.
     * @param view     a ByteBuffer over the same memory as the frame's buffer.
     * @param position of the frame.
     * @param length   of the frame.
     * @return the checksum as an int.
     */
    static int checksum(final CRC32C crc, final ByteBuffer view, final int position, final int length)
    {
        crc.reset();
        view.clear();
        view.limit(position + length).position(position + SEQUENCE_OFFSET);
        crc.update(view);
        return (int)crc.getValue();
    }

    /**
     * Whether a whole, intact frame with the expected sequence starts at {@code position}: its length fits, its
     * sequence is the expected one, its CRC matches and its alignment padding is zeros.
     *
     * @return the frame's length, or -1 when it is not valid.
     */
    static int validLength(
        final AtomicBuffer buffer,
        final ByteBuffer view,
        final CRC32C crc,
        final int position,
        final int limit,
        final long expectedSequence)
    {
        final int length = buffer.getIntVolatile(position + LENGTH_OFFSET);
        if (length < HEADER_LENGTH || length > limit - position)
        {
            return -1;
        }
        if (buffer.getLong(position + SEQUENCE_OFFSET) != expectedSequence)
        {
            return -1;
        }
        if (checksum(crc, view, position, length) != buffer.getInt(position + CRC_OFFSET))
        {
            return -1;
        }
        // The alignment padding is written as zeros and no CRC covers it: anything else there is damage too.
        final int end = Math.min(position + alignedLength(length), limit);
        for (int i = position + length; i < end; i++)
        {
            if (buffer.getByte(i) != 0)
            {
                return -1;
            }
        }
        return length;
    }
}
