package io.sequent.engine.domain;

import org.agrona.DirectBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The seam a user implements: the business rules the single writer applies.
 * <p>
 * The engine core knows nothing of any domain. It hands {@link #handle} each command that passed the
 * generic checks (a whole SBE message header of this domain's command schema, a supported version),
 * then hands every event that {@code handle} emitted to {@link #apply}. The same {@code apply} evolves
 * the state live, on journal replay and in the snapshotter, so there is one code path for state change.
 * <p>
 * Both methods run on the sequencer thread only and must not allocate per call in the steady state.
 *
 * @param <S> the in-memory state the domain evolves; owned by one thread at a time.
 */
public interface Domain<S>
{
    /**
     * @return SBE schema id of the commands this domain accepts.
     */
    int commandSchemaId();

    /**
     * @return the highest SBE schema version of commands this domain understands; older versions are accepted.
     */
    int commandSchemaVersion();

    /**
     * @return SBE schema id of the events this domain emits; stamped in the journal header.
     */
    int eventSchemaId();

    /**
     * @return SBE schema version of the events this domain emits; stamped in the journal header.
     */
    int eventSchemaVersion();

    /**
     * The SBE schema XML of the events this domain emits, embedded in every journal segment so a journal can be
     * decoded without the code that wrote it ({@code sequent journal inspect}). Called once at start, never on the
     * hot path. Default: none, and tools then fall back to the schemas they ship with.
     *
     * @return the schema document's bytes (UTF-8 XML), or an empty array.
     */
    default byte[] eventSchemaXml()
    {
        return new byte[0];
    }

    /**
     * The domain's upcaster: what turns events that older versions of this domain wrote into the events
     * {@link #apply} knows today, when the journal is read (recovery's replay, projections' catch-up, tools). Asked
     * once per reader, never on the hot path; the instance belongs to this domain instance's thread. Default:
     * {@link EventUpcaster#NONE}, for a domain whose events only ever changed by SBE's own rules.
     *
     * @return the upcaster; {@link UpcasterChain} for a chain of steps.
     */
    default EventUpcaster upcaster()
    {
        return EventUpcaster.NONE;
    }

    /**
     * @return a new, empty state.
     */
    S newState();

    /**
     * Validates one command against the current state and emits zero or more events through {@code events},
     * or calls {@link EventAppender#reject(int)} with a reason code. Pure: no clock (use
     * {@link EventAppender#timestamp()}), no I/O, no randomness, and no change to {@code state}: the engine
     * applies the emitted events after this returns. A rejected command changes nothing, whatever it emitted.
     *
     * @param command buffer holding the command, starting with its SBE message header.
     * @param offset  where the message header starts.
     * @param length  length of the whole message including its header.
     * @param state   the current state, read only here.
     * @param events  where events are written.
     */
    void handle(DirectBuffer command, int offset, int length, S state, EventAppender events);

    /**
     * Evolves the state by one event. Must not fail for any event that {@link #handle} emitted. Events read from
     * the journal reach it through {@link #upcaster()}, so it sees current events only.
     *
     * @param event  buffer holding the event, starting with its SBE message header.
     * @param offset where the message header starts.
     * @param length length of the whole message including its header.
     * @param state  the state to change.
     */
    void apply(DirectBuffer event, int offset, int length, S state);

    /**
     * A hash of the whole state that is the same for equal states whatever history led to them. Used to prove
     * that replay rebuilds exactly the live state. May allocate: it is never called on the hot path.
     *
     * @param state to hash.
     * @return the hash.
     */
    long stateHash(S state);

    /**
     * Writes the whole state in a form {@link #readSnapshot} reads back into an equal state (equal
     * {@link #stateHash}). Runs on the snapshotter's thread, over its own copy of the state, never on the sequencer.
     *
     * @param state to write.
     * @param out   where to.
     * @throws IOException when writing fails.
     */
    void writeSnapshot(S state, DataOutput out) throws IOException;

    /**
     * Reads a state written by {@link #writeSnapshot}.
     *
     * @param in where from.
     * @return the state.
     * @throws IOException when reading fails or the data is not a snapshot this domain wrote.
     */
    S readSnapshot(DataInput in) throws IOException;
}
