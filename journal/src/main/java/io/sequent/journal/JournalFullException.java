package io.sequent.journal;

/**
 * The journal file reached its configured maximum length.
 */
public final class JournalFullException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message which file, how large, and what to configure.
     */
    public JournalFullException(final String message)
    {
        super(message);
    }
}
