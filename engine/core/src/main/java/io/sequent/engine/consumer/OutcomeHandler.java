package io.sequent.engine.consumer;

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
}
