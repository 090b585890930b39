package io.sequent.client;

import org.agrona.DirectBuffer;

/**
 * Receives the outcome of each command sent through a {@link SequentClient}, on the thread that calls
 * {@link SequentClient#poll()}.
 */
@FunctionalInterface
public interface ResponseListener
{
    /**
     * @param correlationId the id the command was sent with.
     * @param sequence      journal sequence of the command's last event (of the event before it when it had none);
     *                      0 when the gateway rejected the command before the engine saw it.
     * @param timestamp     the sequencer's time for the command, epoch nanoseconds (0 when rejected at the gateway).
     * @param reason        0 when accepted, else the reject reason (1-99 engine and gateway, 100+ the domain's).
     * @param detail        explains a rejection (e.g. the current version on a version conflict), else 0.
     * @param duplicate     true when the command had been applied before and this is its first outcome again.
     */
    void onResponse(long correlationId, long sequence, long timestamp, int reason, long detail, boolean duplicate);

    /**
     * An outcome with the domain's result for an accepted command (e.g. an order's id and fills); by default the
     * result is ignored. Zero-allocation: the buffer is valid during the call only.
     *
     * @param correlationId the id the command was sent with.
     * @param sequence      journal sequence of the command's record; 0 when rejected at the gateway.
     * @param timestamp     the sequencer's time for the command, epoch nanoseconds.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection, else 0.
     * @param duplicate     true when the command had been applied before and this is its first outcome again.
     * @param result        holding the domain's result message (its SBE header and body).
     * @param resultOffset  where it starts.
     * @param resultLength  its length; 0 when the command has no result.
     */
    default void onResponse(
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
        onResponse(correlationId, sequence, timestamp, reason, detail, duplicate);
    }
}
