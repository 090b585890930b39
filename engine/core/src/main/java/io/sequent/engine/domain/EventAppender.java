package io.sequent.engine.domain;

import org.agrona.MutableDirectBuffer;
import io.sequent.codecs.RejectReason;

/**
 * Where {@link Domain#handle} writes the events of one command, in place in the event ring's slot.
 * <p>
 * Usage, for an SBE event of known length:
 * <pre>{@code
 * int offset = events.claim(MessageHeaderEncoder.ENCODED_LENGTH + DepositedEncoder.BLOCK_LENGTH);
 * depositedEncoder.wrapAndApplyHeader(events.buffer(), offset, headerEncoder).accountId(id)...;
 * }</pre>
 */
public interface EventAppender
{
    /** The longest result a command may have, in bytes. */
    int RESULT_MAX_LENGTH = 64;

    /**
     * @return the authenticated client that sent the command being handled (a domain may keep it, e.g. as the owner
     *         of what the command creates, and so route reports to it).
     */
    long clientId();

    /**
     * @return the time the sequencer assigned to the command being handled, in epoch nanoseconds.
     */
    long timestamp();

    /**
     * @return the buffer events are written to; valid at offsets returned by {@link #claim(int)}.
     */
    MutableDirectBuffer buffer();

    /**
     * Reserves room for one event of exactly {@code length} bytes (SBE header included).
     *
     * @param length of the event.
     * @return the offset in {@link #buffer()} to write the event at.
     * @throws IllegalStateException when the command's events would not fit in one event slot; the engine then
     *                               rejects the command with {@link RejectReason#EVENT_CAPACITY_EXCEEDED}.
     */
    int claim(int length);

    /**
     * @return how many more bytes of events fit for this command (each event also costs a small header).
     */
    int remaining();

    /**
     * Reserves room for the command's result: the domain's answer to an accepted command (an order's id and fills, a
     * balance after a deposit), its own SBE message, returned to the client in the command's response, journaled
     * with the command's record and kept by the dedup ledger, so a re-sent command gets the same answer. A rejected
     * command has no result. Claiming again replaces the result.
     *
     * @param length of the result, at most {@link #RESULT_MAX_LENGTH} bytes.
     * @return the offset in {@link #resultBuffer()} to write the result at.
     * @throws IllegalArgumentException when the result is longer.
     */
    int claimResult(int length);

    /**
     * @return the buffer the result is written to, at the offset {@link #claimResult(int)} returned.
     */
    MutableDirectBuffer resultBuffer();

    /**
     * Rejects the command: nothing it emitted is applied or journaled, and the client is told {@code reason}.
     *
     * @param reason a code of 100 or more, from the domain's own table ({@link RejectReason} holds 1-99).
     */
    default void reject(final int reason)
    {
        reject(reason, 0);
    }

    /**
     * Rejects the command with a value that explains the reason to the client (e.g. the current version of the
     * aggregate on a version conflict).
     *
     * @param reason a code of 100 or more, from the domain's own table ({@link RejectReason} holds 1-99).
     * @param detail explains the reason; 0 when there is nothing to add.
     */
    void reject(int reason, long detail);
}
