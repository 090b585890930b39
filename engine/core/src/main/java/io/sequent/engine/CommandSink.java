package io.sequent.engine;

import org.agrona.DirectBuffer;

/**
 * Where a {@link CommandSource} puts commands: the engine's command ring. Non-blocking, for one offering thread.
 */
public interface CommandSink
{
    /** {@link #offer} result: the command ring is full; offer again later (back-pressure, nothing is dropped). */
    long BACK_PRESSURED = -1;
    /** {@link #offer} result: the command is larger than a command slot. */
    long TOO_LARGE = -2;
    /** A timestamp that asks the sequencer to stamp the command with its own clock. */
    long SEQUENCER_TIME = Long.MIN_VALUE;

    /**
     * Copies a command into the command ring without blocking.
     *
     * @param sessionId     of the sender, echoed with the outcome.
     * @param clientId      the authenticated client behind the session: with the correlation id, what names a
     *                      command across sessions and restarts.
     * @param correlationId the client's id for the command.
     * @param timestamp     the command's time in epoch nanoseconds when the source decides it (the cluster's log),
     *                      or {@link #SEQUENCER_TIME}.
     * @param buffer        holding the command (SBE header and body).
     * @param offset        of the command in the buffer.
     * @param length        of the command.
     * @return the ring sequence it took, or {@link #BACK_PRESSURED}, or {@link #TOO_LARGE}.
     */
    long offer(
        long sessionId, long clientId, long correlationId, long timestamp, DirectBuffer buffer, int offset, int length);

    /**
     * @return the largest command {@link #offer} takes, in bytes.
     */
    int maxCommandLength();
}
