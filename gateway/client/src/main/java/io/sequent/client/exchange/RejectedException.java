package io.sequent.client.exchange;

/**
 * Thrown by {@link Outcome#value()} for a command the server rejected.
 */
public final class RejectedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The rejection; not serialised with the exception. */
    private final transient Rejected<?> rejected;

    /**
     * @param rejected the outcome.
     */
    public RejectedException(final Rejected<?> rejected)
    {
        super("command " + rejected.correlationId() + " rejected " + rejected.reject() +
            (rejected.reject() == Reject.UNKNOWN ? " (code " + rejected.code() + ")" : "") + ": " +
            rejected.text() + (rejected.detail() != 0 ? " (detail " + rejected.detail() + ")" : ""));
        this.rejected = rejected;
    }

    /**
     * @return the rejected outcome.
     */
    public Rejected<?> rejected()
    {
        return rejected;
    }

    /**
     * @return why.
     */
    public Reject reject()
    {
        return rejected.reject();
    }
}
