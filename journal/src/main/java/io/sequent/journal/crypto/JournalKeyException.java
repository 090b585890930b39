package io.sequent.journal.crypto;

/**
 * An encrypted file cannot be read with the keys given: no key at all, no key of the id the file names, or a key of
 * that id that is not the one that wrote it. The message names the file and the key id, and where keys come from.
 */
public final class JournalKeyException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final int keyId;

    /**
     * @param keyId   the key id the file names.
     * @param message which file, which key, and what to do.
     */
    public JournalKeyException(final int keyId, final String message)
    {
        super(message);
        this.keyId = keyId;
    }

    /**
     * @return the key id the file names.
     */
    public int keyId()
    {
        return keyId;
    }
}
