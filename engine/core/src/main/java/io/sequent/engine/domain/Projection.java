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
     * End of a batch: every journal entry up to {@code position} has been delivered. The engine's own entries (command
     * records) are not delivered to projections, so {@code position} may be past the last event applied; a
     * projection takes it as its own position, so that a client holding a response's sequence can wait for the
     * read model to reach it. A good moment to publish a checkpoint.
     *
     * @param position the journal sequence the projection has now reached (never less than the last event it was
     *                 given; 0 when the caller knows no more than the events).
     */
    void onBatchEnd(long position);

    /**
     * Releases the files behind the projection.
     */
    @Override
    void close();
}
