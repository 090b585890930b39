package io.sequent.client;

import io.sequent.codecs.RejectReason;

/**
 * The outcome of one command, as returned by the blocking {@link SequentClient#send}.
 *
 * @param correlationId the id the command was sent with.
 * @param sequence      journal sequence of the command's last event.
 * @param timestamp     the sequencer's time for the command, epoch nanoseconds.
 * @param reason        0 when accepted, else the reject reason.
 * @param detail        explains a rejection (e.g. the current version on a version conflict), else 0.
 * @param duplicate     true when the command had been applied before and this is its first outcome again.
 * @param result        the domain's result message for an accepted command (its SBE header and body); empty when
 *                      none.
 */
public record CommandResult(
    long correlationId, long sequence, long timestamp, int reason, long detail, boolean duplicate, byte[] result)
{
    /**
     * @return true when the command was accepted and its events are journaled.
     */
    public boolean accepted()
    {
        return reason == RejectReason.NONE;
    }
}
