package io.sequent.engine.consumer;

import org.agrona.DirectBuffer;

/**
 * Receives each command's outcome once its events are journaled; implemented by whoever answers clients.
 */
@FunctionalInterface
public interface OutcomeHandler
{
    /**
     * @param sessionId     the session the command came from.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of the command's record, its last entry (for a duplicate: the first
     *                      outcome's record).
     * @param timestamp     sequencer time of the command, epoch nanoseconds.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection (e.g. the current version on a version conflict), else 0.
     * @param duplicate     true when the command had been applied before: this is its first outcome again.
     * @return true to go on with the next outcome in this poll, false to stop after this one.
     */
    boolean onOutcome(
        long sessionId, long correlationId, long sequence, long timestamp, int reason, long detail, boolean duplicate);

    /**
     * An outcome with the domain's result for an accepted command. By default the result is ignored.
     *
     * @param sessionId     the session the command came from.
     * @param correlationId the client's id for the command.
     * @param sequence      journal sequence of the command's record.
     * @param timestamp     sequencer time of the command, epoch nanoseconds.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection, else 0.
     * @param duplicate     true when the command had been applied before.
     * @param result        holding the domain's result; valid during the call only.
     * @param resultOffset  where the result starts.
     * @param resultLength  its length, 0 when there is none.
     * @return true to go on with the next outcome in this poll, false to stop after this one.
     */
    default boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        return onOutcome(sessionId, correlationId, sequence, timestamp, reason, detail, duplicate);
    }
}
