package io.sequent.engine.ledger;

import io.sequent.codecs.engine.CommandRecordDecoder;
import io.sequent.codecs.engine.CommandRecordEncoder;
import io.sequent.codecs.engine.MessageHeaderDecoder;
import io.sequent.codecs.engine.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes and recognises the engine's {@code CommandRecord}: the last journal entry of every command the sequencer
 * handled, accepted or rejected. It is the command's commit marker (frames after the last record are an incomplete
 * command, truncated at open) and what the {@link ClientLedger} is rebuilt from. One instance per thread: it keeps
 * flyweights.
 */
public final class CommandRecords
{
    /** Bytes of one record without a result: SBE header, block and the result's length field. */
    public static final int LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + CommandRecordEncoder.BLOCK_LENGTH +
        CommandRecordEncoder.resultHeaderLength();
    /** Bytes of the longest record: with a result of {@link ClientLedger#RESULT_MAX_LENGTH}. */
    public static final int MAX_LENGTH = LENGTH + ClientLedger.RESULT_MAX_LENGTH;

    private static final int SCHEMA_ID_OFFSET = 4;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandRecordEncoder encoder = new CommandRecordEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandRecordDecoder decoder = new CommandRecordDecoder();

    /**
     * Whether a journal entry is one of the engine's frames rather than a domain event: its SBE header names the
     * engine schema. Also the journal's {@link io.sequent.journal.CommitMarker}.
     *
     * @param buffer holding the entry.
     * @param offset of its SBE header.
     * @param length of the entry.
     * @return true for an engine frame.
     */
    public static boolean isRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MessageHeaderDecoder.ENCODED_LENGTH &&
            (buffer.getShort(offset + SCHEMA_ID_OFFSET) & 0xFFFF) == CommandRecordEncoder.SCHEMA_ID;
    }

    /**
     * Encodes a record.
     *
     * @param buffer        to write to, {@link #LENGTH} plus the result's bytes from {@code offset}.
     * @param offset        where the record starts.
     * @param clientId      the client that sent the command.
     * @param correlationId the client's id for the command.
     * @param reason        0 when accepted, else the reject reason.
     * @param detail        explains a rejection; else 0.
     * @param eventCount    domain events the command emitted.
     * @param result        holding the domain's result for an accepted command.
     * @param resultOffset  where it starts.
     * @param resultLength  its length, 0 for none.
     * @return offset of the result's bytes in {@code buffer}.
     */
    public int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final long clientId,
        final long correlationId,
        final int reason,
        final long detail,
        final int eventCount,
        final DirectBuffer result,
        final int resultOffset,
        final int resultLength)
    {
        encoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .clientId(clientId)
            .correlationId(correlationId)
            .detail(detail)
            .reason(reason)
            .eventCount(eventCount);
        final int resultAt = encoder.limit() + CommandRecordEncoder.resultHeaderLength();
        encoder.putResult(result, resultOffset, resultLength);
        return resultAt;
    }

    /**
     * Decodes a record into the ledger.
     *
     * @param sequence its journal sequence.
     * @param buffer   holding it.
     * @param offset   of its SBE header.
     * @param ledger   to record the outcome in.
     * @throws IllegalStateException when the frame is an engine frame this code does not know.
     */
    public void applyTo(final long sequence, final DirectBuffer buffer, final int offset, final ClientLedger ledger)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.templateId() != CommandRecordDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("engine frame at sequence " + sequence + " has template " +
                headerDecoder.templateId() + ", which this version does not know: upgrade the engine");
        }
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final long clientId = decoder.clientId();
        final long correlationId = decoder.correlationId();
        final int reason = decoder.reason();
        final long detail = decoder.detail();
        // A version 1 record has no result: its length reads as 0.
        final int resultLength = decoder.resultLength();
        final int resultAt = decoder.limit() + CommandRecordDecoder.resultHeaderLength();
        ledger.record(clientId, correlationId, sequence, reason, detail, buffer, resultAt, resultLength);
    }
}
