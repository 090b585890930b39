package io.sequent.client.exchange;

/**
 * A command the server rejected; it changed nothing.
 *
 * @param correlationId the id the command was sent with.
 * @param sequence      the journal sequence of the command's record (0 when the gateway rejected it before the
 *                      engine saw it).
 * @param duplicate     true when this is the first outcome again, for a re-sent command.
 * @param reject        why.
 * @param code          the reason's code on the wire (what {@link Reject#UNKNOWN} stands for).
 * @param detail        explains the reason, e.g. the account's current version for
 *                      {@link Reject#VERSION_CONFLICT}; else 0.
 * @param <T>           the result type the command would have had.
 */
public record Rejected<T>(long correlationId, long sequence, boolean duplicate, Reject reject, int code, long detail)
    implements Outcome<T>
{
    @Override
    public boolean isAccepted()
    {
        return false;
    }

    /**
     * @throws RejectedException always: a rejected command has no result.
     */
    @Override
    public T value()
    {
        throw new RejectedException(this);
    }

    /**
     * @return what the reason means, for people.
     */
    public String text()
    {
        return reject.text();
    }
}
