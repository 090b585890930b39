package io.sequent.client.exchange;

/**
 * A command the server accepted: its events are journaled (as durable as the server's ack policy asks).
 *
 * @param correlationId the id the command was sent with.
 * @param sequence      the journal sequence of the command's record.
 * @param timestamp     the sequencer's time for the command, epoch nanoseconds.
 * @param duplicate     true when this is the first outcome again, for a re-sent command.
 * @param value         the command's result; null only from a server older than exchange schema 3, which sends
 *                      none.
 * @param <T>           the command's result type.
 */
public record Accepted<T>(long correlationId, long sequence, long timestamp, boolean duplicate, T value)
    implements Outcome<T>
{
    @Override
    public boolean isAccepted()
    {
        return true;
    }
}
