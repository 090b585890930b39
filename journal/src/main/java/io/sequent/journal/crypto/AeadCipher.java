package io.sequent.journal.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * AES-256-GCM under the key of one file: derived from a keyring key with HMAC-SHA256 over what the file is, the key
 * id and the file's random salt, so every file has its own key and a nonce need only be unique within the file. A
 * nonce is a 4-byte prefix and an 8-byte counter (the journal uses its blocks' first sequences). One instance per
 * file and thread: it keeps its {@code Cipher} and nonce bytes (the JDK still allocates a little at each
 * {@code Cipher.init}, which no public API avoids: a few hundred bytes per sealed block, not per frame).
 */
public final class AeadCipher
{
    /** Bytes of the GCM tag after each ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** Bytes of a file's salt. */
    public static final int SALT_LENGTH = 16;
    /** The cipher suite files name: AES-256-GCM, key derived with HMAC-SHA256. */
    public static final int SUITE_AES_256_GCM = 1;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Cipher cipher;
    private final byte[] nonce = new byte[12];
    private final int keyId;

    private AeadCipher(final SecretKeySpec key, final int keyId)
    {
        this.key = key;
        this.keyId = keyId;
        try
        {
            this.cipher = Cipher.getInstance(TRANSFORMATION);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("this JVM has no " + TRANSFORMATION, ex);
        }
    }

    /**
     * @param master  the keyring's key.
     * @param keyId   its id, bound into the file's key.
     * @param salt    the file's salt.
     * @param purpose what the file is ("segment", "archive", "snapshot"), bound into the file's key.
     * @return the file's cipher.
     */
    public static AeadCipher derive(final byte[] master, final int keyId, final byte[] salt, final String purpose)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            mac.update(("sequent-" + purpose + "-v1").getBytes(StandardCharsets.US_ASCII));
            mac.update(ByteBuffer.allocate(4).putInt(keyId).array());
            mac.update(salt);
            return new AeadCipher(new SecretKeySpec(mac.doFinal(), "AES"), keyId);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot derive a file key with HmacSHA256", ex);
        }
    }

    /**
     * @return a fresh random salt.
     */
    public static byte[] newSalt()
    {
        final byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /**
     * @return the key id the file's key was derived from.
     */
    public int keyId()
    {
        return keyId;
    }

    private GCMParameterSpec spec(final int prefix, final long counter)
    {
        nonce[0] = (byte)prefix;
        nonce[1] = (byte)(prefix >>> 8);
        nonce[2] = (byte)(prefix >>> 16);
        nonce[3] = (byte)(prefix >>> 24);
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] = (byte)(counter >>> (8 * i));
        }
        return new GCMParameterSpec(TAG_LENGTH * 8, nonce);
    }

    /**
     * Encrypts and authenticates; the tag follows the ciphertext.
     *
     * @param prefix    nonce prefix.
     * @param counter   nonce counter: never twice with the same prefix in one file.
     * @param aad       authenticated, not encrypted (may be null).
     * @param aadOffset of the authenticated bytes.
     * @param aadLength of the authenticated bytes.
     * @param in        plaintext.
     * @param inOffset  of the plaintext.
     * @param length    of the plaintext.
     * @param out       receives ciphertext and tag ({@code length + TAG_LENGTH} bytes); not {@code in}.
     * @param outOffset where they go.
     * @return bytes written.
     */
    public int encrypt(
        final int prefix,
        final long counter,
        final byte[] aad,
        final int aadOffset,
        final int aadLength,
        final byte[] in,
        final int inOffset,
        final int length,
        final byte[] out,
        final int outOffset)
    {
        try
        {
            cipher.init(Cipher.ENCRYPT_MODE, key, spec(prefix, counter));
            if (aad != null && aadLength > 0)
            {
                cipher.updateAAD(aad, aadOffset, aadLength);
            }
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }

    /**
     * Checks the tag and decrypts.
     *
     * @param prefix    nonce prefix.
     * @param counter   nonce counter.
     * @param aad       authenticated bytes (may be null).
     * @param aadOffset of the authenticated bytes.
     * @param aadLength of the authenticated bytes.
     * @param in        ciphertext followed by its tag.
     * @param inOffset  of the ciphertext.
     * @param length    of ciphertext and tag.
     * @param out       receives the plaintext ({@code length - TAG_LENGTH} bytes); not {@code in}.
     * @param outOffset where it goes.
     * @return true when the tag matched (the plaintext is written), false when it did not (nothing is).
     */
    public boolean decrypt(
        final int prefix,
        final long counter,
        final byte[] aad,
        final int aadOffset,
        final int aadLength,
        final byte[] in,
        final int inOffset,
        final int length,
        final byte[] out,
        final int outOffset)
    {
        if (length < TAG_LENGTH)
        {
            return false;
        }
        try
        {
            cipher.init(Cipher.DECRYPT_MODE, key, spec(prefix, counter));
            if (aad != null && aadLength > 0)
            {
                cipher.updateAAD(aad, aadOffset, aadLength);
            }
            cipher.doFinal(in, inOffset, length, out, outOffset);
            return true;
        }
        catch (final AEADBadTagException ex)
        {
            return false;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM decryption failed", ex);
        }
    }

    /**
     * Encrypts a buffer's bytes from its position to its limit into another buffer (off-heap images).
     *
     * @param prefix  nonce prefix.
     * @param counter nonce counter.
     * @param aad     authenticated bytes, or null.
     * @param in      plaintext; consumed.
     * @param out     receives ciphertext and tag; its position advances.
     * @return bytes written.
     */
    public int encrypt(
        final int prefix, final long counter, final byte[] aad, final ByteBuffer in, final ByteBuffer out)
    {
        try
        {
            cipher.init(Cipher.ENCRYPT_MODE, key, spec(prefix, counter));
            if (aad != null)
            {
                cipher.updateAAD(aad);
            }
            return cipher.doFinal(in, out);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM encryption failed", ex);
        }
    }
}
