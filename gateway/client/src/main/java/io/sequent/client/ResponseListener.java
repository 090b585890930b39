package io.sequent.client;

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
}
