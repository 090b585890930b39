package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.crypto.JournalKeyring;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.sequent.journal.JournalFrame.*;

/**
 * Writes and checks a segment's header (layout in {@link JournalFrame}): format 2, or format 3 when encrypted.
 */
final class SegmentHeader
{
    /** Nonce prefix of a header tag: never a block's (their prefix is 0). */
    static final int HEADER_NONCE_PREFIX = 0xFFFFFFFF;
    /** What a segment's key is derived for. */
    static final String PURPOSE = "segment";

    private SegmentHeader()
    {
    }

    /**
     * @param documents to embed.
     * @return bytes of a format 2 header embedding them, a multiple of the frame alignment.
     */
    static int length(final List<byte[]> documents)
    {
        return length(documents, false);
    }

    /**
     * @param documents to embed.
     * @param encrypted whether the header is format 3.
     * @return bytes of the header, a multiple of the frame alignment.
     */
    static int length(final List<byte[]> documents, final boolean encrypted)
    {
        long length = encrypted ? ENCRYPTED_DOCUMENTS_OFFSET : DOCUMENTS_OFFSET;
        for (final byte[] document : documents)
        {
            length += 4 + document.length;
        }
        return (int)BitUtil.align(length, ALIGNMENT);
    }

    /**
     * Writes a format 2 header at the start of {@code buffer}, which must be zeroed over {@link #length}.
     */
    static void write(
        final MutableDirectBuffer buffer,
        final int schemaId,
        final int schemaVersion,
        final long firstSequence,
        final List<byte[]> documents)
    {
        write(buffer, schemaId, schemaVersion, firstSequence, documents, null, null);
    }

    /**
     * Writes a header at the start of {@code buffer}, which must be zeroed over {@link #length}: format 3 with a
     * cipher (its key id, the salt it was derived with, and the header tag), else format 2.
     */
    static void write(
        final MutableDirectBuffer buffer,
        final int schemaId,
        final int schemaVersion,
        final long firstSequence,
        final List<byte[]> documents,
        final AeadCipher cipher,
        final byte[] salt)
    {
        final boolean encrypted = cipher != null;
        final int headerLength = length(documents, encrypted);
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(FORMAT_VERSION_OFFSET, encrypted ? ENCRYPTED_FORMAT_VERSION : FORMAT_VERSION);
        buffer.putInt(HEADER_LENGTH_FIELD_OFFSET, headerLength);
        buffer.putInt(SCHEMA_ID_OFFSET, schemaId);
        buffer.putInt(SCHEMA_VERSION_OFFSET, schemaVersion);
        buffer.putLong(FIRST_SEQUENCE_OFFSET, firstSequence);
        buffer.putInt(DOCUMENT_COUNT_OFFSET, documents.size());
        int pos = encrypted ? ENCRYPTED_DOCUMENTS_OFFSET : DOCUMENTS_OFFSET;
        for (final byte[] document : documents)
        {
            buffer.putInt(pos, document.length);
            buffer.putBytes(pos + 4, document);
            pos += 4 + document.length;
        }
        if (encrypted)
        {
            buffer.putInt(KEY_ID_OFFSET, cipher.keyId());
            buffer.putInt(CIPHER_SUITE_OFFSET, AeadCipher.SUITE_AES_256_GCM);
            buffer.putBytes(SALT_OFFSET, salt);
            final byte[] tag = new byte[AeadCipher.TAG_LENGTH];
            final byte[] aad = authenticated(buffer, headerLength);
            cipher.encrypt(HEADER_NONCE_PREFIX, -1, aad, 0, aad.length, tag, 0, 0, tag, 0);
            buffer.putBytes(HEADER_TAG_OFFSET, tag);
        }
        buffer.putInt(HEADER_CRC_OFFSET, crc(buffer, headerLength));
    }

    /**
     * @return the header's bytes with its CRC and tag read as zero: what the tag authenticates.
     */
    private static byte[] authenticated(final DirectBuffer buffer, final int headerLength)
    {
        final byte[] bytes = new byte[headerLength];
        buffer.getBytes(0, bytes);
        java.util.Arrays.fill(bytes, HEADER_CRC_OFFSET, HEADER_CRC_OFFSET + 4, (byte)0);
        java.util.Arrays.fill(bytes, HEADER_TAG_OFFSET, HEADER_TAG_OFFSET + AeadCipher.TAG_LENGTH, (byte)0);
        return bytes;
    }

    /**
     * The cipher of an encrypted segment whose header {@link #read} accepted, once its header tag proves the key.
     *
     * @param segment what the header says.
     * @param buffer  over the segment, from its start.
     * @param given   the keys, or null for those the settings name ({@link JournalKeyring#fromSettings()}).
     * @return the segment's cipher.
     * @throws JournalKeyException when no key is given, the keyring does not hold the segment's key id, or the key
     *                             of that id is not the one that wrote it.
     */
    static AeadCipher cipher(final JournalSegment segment, final DirectBuffer buffer, final JournalKeyring given)
    {
        final JournalKeyring keyring = given != null ? given : JournalKeyring.fromSettings();
        if (keyring == null)
        {
            throw JournalKeyring.missing(segment.keyId(), "journal segment " + segment.file());
        }
        final byte[] salt = new byte[AeadCipher.SALT_LENGTH];
        buffer.getBytes(SALT_OFFSET, salt);
        final AeadCipher cipher = AeadCipher.derive(keyring.key(segment.keyId(), "journal segment " + segment.file()),
            segment.keyId(), salt, PURPOSE);
        final byte[] tag = new byte[AeadCipher.TAG_LENGTH];
        buffer.getBytes(HEADER_TAG_OFFSET, tag);
        final byte[] aad = authenticated(buffer, segment.headerLength());
        if (!cipher.decrypt(HEADER_NONCE_PREFIX, -1, aad, 0, aad.length, tag, 0, tag.length, tag, 0))
        {
            throw new JournalKeyException(segment.keyId(), "journal segment " + segment.file() + " does not " +
                "authenticate with key id " + segment.keyId() + " of " + keyring.source() + ": another key of that " +
                "id wrote it, or its header was altered");
        }
        return cipher;
    }

    private static int crc(final DirectBuffer buffer, final int headerLength)
    {
        final byte[] bytes = new byte[headerLength];
        buffer.getBytes(0, bytes);
        bytes[HEADER_CRC_OFFSET] = 0;
        bytes[HEADER_CRC_OFFSET + 1] = 0;
        bytes[HEADER_CRC_OFFSET + 2] = 0;
        bytes[HEADER_CRC_OFFSET + 3] = 0;
        final CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.wrap(bytes));
        return (int)crc.getValue();
    }

    /**
     * Checks the header at the start of {@code buffer} and describes the segment.
     *
     * @param file     the segment's file, for errors.
     * @param buffer   over the segment.
     * @param archived whether the file is a compressed archive copy.
     * @return the segment's description.
     * @throws JournalCorruptedException when the header is not that of a journal segment or fails its CRC.
     */
    static JournalSegment read(final Path file, final DirectBuffer buffer, final boolean archived)
    {
        if (buffer.capacity() < DOCUMENTS_OFFSET || buffer.getLong(MAGIC_OFFSET) != MAGIC)
        {
            throw new JournalCorruptedException(file, MAGIC_OFFSET, "no journal magic: not a Sequent journal segment");
        }
        final int format = buffer.getInt(FORMAT_VERSION_OFFSET);
        final int headerLength = buffer.getInt(HEADER_LENGTH_FIELD_OFFSET);
        final List<byte[]> documents = new ArrayList<>();
        if (format == LEGACY_FORMAT_VERSION)
        {
            if (headerLength != LEGACY_HEADER_LENGTH || buffer.capacity() < LEGACY_HEADER_LENGTH)
            {
                throw new JournalCorruptedException(file, HEADER_LENGTH_FIELD_OFFSET,
                    "format 1 header length " + headerLength + ", expected " + LEGACY_HEADER_LENGTH);
            }
        }
        else if (format == FORMAT_VERSION || format == ENCRYPTED_FORMAT_VERSION)
        {
            if (headerLength < DOCUMENTS_OFFSET || headerLength > buffer.capacity() || headerLength % ALIGNMENT != 0)
            {
                throw new JournalCorruptedException(file, HEADER_LENGTH_FIELD_OFFSET,
                    "header length " + headerLength + " is impossible for a segment of " + buffer.capacity() +
                    " bytes");
            }
            if (crc(buffer, headerLength) != buffer.getInt(HEADER_CRC_OFFSET))
            {
                throw new JournalCorruptedException(file, 0, "the segment header fails its CRC");
            }
            if (format == ENCRYPTED_FORMAT_VERSION && (headerLength < ENCRYPTED_DOCUMENTS_OFFSET ||
                buffer.getInt(CIPHER_SUITE_OFFSET) != AeadCipher.SUITE_AES_256_GCM))
            {
                throw new JournalCorruptedException(file, CIPHER_SUITE_OFFSET, "cipher suite " +
                    buffer.getInt(CIPHER_SUITE_OFFSET) + ", this code reads " + AeadCipher.SUITE_AES_256_GCM +
                    " (AES-256-GCM)");
            }
            final int count = buffer.getInt(DOCUMENT_COUNT_OFFSET);
            int pos = format == ENCRYPTED_FORMAT_VERSION ? ENCRYPTED_DOCUMENTS_OFFSET : DOCUMENTS_OFFSET;
            for (int i = 0; i < count; i++)
            {
                final int length = buffer.getInt(pos);
                final byte[] document = new byte[length];
                buffer.getBytes(pos + 4, document);
                documents.add(document);
                pos += 4 + length;
            }
        }
        else
        {
            throw new JournalCorruptedException(file, FORMAT_VERSION_OFFSET,
                "format version " + format + ", this code reads " + LEGACY_FORMAT_VERSION + " to " +
                ENCRYPTED_FORMAT_VERSION + ": open it with the release that wrote it");
        }
        return new JournalSegment(file, format, headerLength, buffer.getInt(SCHEMA_ID_OFFSET),
            buffer.getInt(SCHEMA_VERSION_OFFSET), buffer.getLong(FIRST_SEQUENCE_OFFSET), documents, archived,
            format == ENCRYPTED_FORMAT_VERSION ? buffer.getInt(KEY_ID_OFFSET) : 0);
    }
}
