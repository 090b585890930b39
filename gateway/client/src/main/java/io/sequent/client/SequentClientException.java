package io.sequent.client;

/**
 * A client operation failed: no server answered, the session was refused or closed, or a command timed out.
 */
public final class SequentClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do.
     */
    public SequentClientException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do.
     * @param cause   the failure underneath.
     */
    public SequentClientException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
