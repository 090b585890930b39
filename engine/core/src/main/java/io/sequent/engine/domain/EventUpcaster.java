package io.sequent.engine.domain;

import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;

/**
 * Where events written by older versions of a domain become the events its current code applies, as they are read
 * from the journal: the engine hands every domain event it reads (recovery's replay, a projection's catch-up,
 * tools such as {@code sequent journal inspect} and {@code AggregateStream}) to the domain's upcaster
 * ({@link Domain#upcaster()}) before {@code Domain.apply} or a projection sees it. The journal on disk is never
 * rewritten. Events from the sequencer are current already and do not pass through here.
 * <p>
 * This is for what SBE's own evolution ({@code sinceVersion}) cannot express: a field whose meaning changed (an
 * amount in whole units that is now in minor units), or one old event that is now two. {@link UpcasterChain} is the
 * ready-made implementation: steps registered per template, applied one after another (v1 to v2 to v3).
 * <p>
 * An instance belongs to one thread, like the domain instance that gave it; it must allocate nothing per event.
 */
@FunctionalInterface
public interface EventUpcaster
{
    /** Hands every event on as it is: a domain whose journals hold only current events. */
    EventUpcaster NONE = (sequence, timestamp, buffer, offset, length, current) ->
        current.onFrame(sequence, timestamp, buffer, offset, length);

    /**
     * Hands {@code current} the current form of one event read from the journal: the event itself when it is
     * current, else the event or events it stands for today, each with the frame's sequence and timestamp.
     *
     * @param sequence  of the journal frame.
     * @param timestamp of the journal frame.
     * @param buffer    holding the event as written, starting with its SBE message header.
     * @param offset    where the event starts.
     * @param length    of the event.
     * @param current   receives the current event(s), in order; the buffer it is given is valid during the call.
     */
    void upcast(long sequence, long timestamp, DirectBuffer buffer, int offset, int length, FrameHandler current);
}
