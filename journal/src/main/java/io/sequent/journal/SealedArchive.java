package io.sequent.journal;

import io.sequent.journal.crypto.AeadCipher;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.crypto.JournalKeyring;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The archived copy of an encrypted segment: its LZ4 frame (of the segment's header and decrypted frames) sealed
 * whole under a key of its own.
 * <pre>
 * magic "SEQARCE1" (8) | key id (4) | cipher suite (4) | salt (16) | plaintext length (8) |
 * ciphertext | tag (16) | crc32c (4) of everything before it
 * </pre>
 * The first 40 bytes are the authenticated data; the nonce is prefix 0, counter 0 (the key is the file's own).
 */
final class SealedArchive
{
    /** "SEQARCE1" read as a little-endian long. */
    static final long MAGIC = 0x3145435241514553L;
    static final String PURPOSE = "archive";
    private static final int HEADER_LENGTH = 40;

    private SealedArchive()
    {
    }

    /**
     * @param bytes an archive file's content.
     * @return whether it is a sealed archive (else a plain LZ4 frame).
     */
    static boolean isSealed(final byte[] bytes)
    {
        return bytes.length >= 8 && ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0) == MAGIC;
    }

    /**
     * @param compressed the LZ4 frame.
     * @param keyring    its current key seals it.
     * @param keyId      the key id to seal with (the segment's).
     * @param file       the segment, for messages.
     * @return the archive file's content.
     */
    static byte[] seal(final byte[] compressed, final JournalKeyring keyring, final int keyId, final Path file)
    {
        final byte[] salt = AeadCipher.newSalt();
        final AeadCipher cipher = AeadCipher.derive(keyring.key(keyId, "journal segment " + file), keyId, salt,
            PURPOSE);
        final byte[] out = new byte[HEADER_LENGTH + compressed.length + AeadCipher.TAG_LENGTH + 4];
        final ByteBuffer header = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(MAGIC).putInt(keyId).putInt(AeadCipher.SUITE_AES_256_GCM).put(salt)
            .putLong(compressed.length);
        cipher.encrypt(0, 0, out, 0, HEADER_LENGTH, compressed, 0, compressed.length, out, HEADER_LENGTH);
        final CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - 4);
        header.putInt(out.length - 4, (int)crc.getValue());
        return out;
    }

    /**
     * @param bytes   a sealed archive's content.
     * @param given   the keys, or null for those the settings name.
     * @param file    the archive, for messages.
     * @return the LZ4 frame inside.
     * @throws JournalCorruptedException when it fails its CRC.
     * @throws JournalKeyException       when no key opens it.
     */
    static byte[] open(final byte[] bytes, final JournalKeyring given, final Path file)
    {
        final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final CRC32C crc = new CRC32C();
        if (bytes.length < HEADER_LENGTH + AeadCipher.TAG_LENGTH + 4)
        {
            throw new JournalCorruptedException(file, 0, "too short for a sealed archive: " + bytes.length + " bytes");
        }
        crc.update(bytes, 0, bytes.length - 4);
        if ((int)crc.getValue() != header.getInt(bytes.length - 4))
        {
            throw new JournalCorruptedException(file, 0, "the sealed archive fails its CRC");
        }
        final int keyId = header.getInt(8);
        final long length = header.getLong(32);
        if (header.getInt(12) != AeadCipher.SUITE_AES_256_GCM ||
            length != bytes.length - HEADER_LENGTH - AeadCipher.TAG_LENGTH - 4)
        {
            throw new JournalCorruptedException(file, 12, "not a sealed archive this code reads");
        }
        final JournalKeyring keyring = given != null ? given : JournalKeyring.fromSettings();
        if (keyring == null)
        {
            throw JournalKeyring.missing(keyId, "archived journal segment " + file);
        }
        final byte[] salt = new byte[AeadCipher.SALT_LENGTH];
        header.get(16, salt);
        final AeadCipher cipher = AeadCipher.derive(keyring.key(keyId, "archived journal segment " + file), keyId,
            salt, PURPOSE);
        final byte[] compressed = new byte[(int)length];
        if (!cipher.decrypt(0, 0, bytes, 0, HEADER_LENGTH, bytes, HEADER_LENGTH,
            (int)length + AeadCipher.TAG_LENGTH, compressed, 0))
        {
            throw new JournalKeyException(keyId, "archived journal segment " + file + " does not authenticate with " +
                "key id " + keyId + " of " + keyring.source() + ": another key of that id wrote it, or it was altered");
        }
        return compressed;
    }
}
