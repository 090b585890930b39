package io.sequent.engine.domain;

import org.agrona.DirectBuffer;

/**
 * A read model kept up to date from the event stream by the projector thread, off the sequencer's path.
 * <p>
 * A projection remembers the last sequence it applied and survives restarts: at start the engine replays the
 * journal to it from {@link #lastAppliedSequence()} + 1, so it never sees an event twice nor misses one.
 */
public interface Projection extends AutoCloseable
{
    /**
     * @return the sequence of the last event this projection applied (0 when it applied none).
     */
    long lastAppliedSequence();

    /**
     * Applies one event. Called with strictly increasing sequences.
     *
     * @param sequence  of the event in the journal.
     * @param timestamp the sequencer assigned to the command that emitted it.
     * @param buffer    holding the event, starting with its SBE message header.
     * @param offset    where the event starts.
     * @param length    of the event.
     */
    void onEvent(long sequence, long timestamp, DirectBuffer buffer, int offset, int length);

    /**
     * End of a batch of events: a good moment to publish a checkpoint. Default: nothing.
     */
    default void onBatchEnd()
    {
    }

    /**
     * Releases the files behind the projection.
     */
    @Override
    void close();
}
