package io.sequent.gateway;

import io.sequent.codecs.RejectReason;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.CommandResponseEncoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.Outcome;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a command's outcome as the session protocol's {@code CommandResponse}, the one way both faces that answer
 * commands over Aeron (the gateway's egress and the clustered service's session egress) write it. Reused: holds its
 * encoders, allocates nothing.
 */
public final class CommandResponseWriter
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandResponseEncoder responseEncoder = new CommandResponseEncoder();

    /**
     * @param buffer        to write into, from offset 0.
     * @param correlationId the command's id.
     * @param sequence      journal sequence of the command's record.
     * @param timestamp     sequencer time, epoch nanoseconds.
     * @param reason        0 when accepted.
     * @param detail        explains a rejection.
     * @param duplicate     whether this is a re-sent command's first outcome again.
     * @param result        holding the domain's result, or null.
     * @param resultOffset  where it starts.
     * @param resultLength  its length, 0 for none.
     * @return the encoded length, header included.
     */
    public int write(
        final MutableDirectBuffer buffer,
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
        responseEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .correlationId(correlationId)
            .sequence(sequence)
            .timestamp(timestamp)
            .outcome(reason == RejectReason.NONE ? Outcome.ACCEPTED : Outcome.REJECTED)
            .reason(reason)
            .detail(detail)
            .duplicate(duplicate ? BooleanType.TRUE : BooleanType.FALSE);
        // Written even when empty: a decoder of this version reads the result's length.
        if (resultLength > 0)
        {
            responseEncoder.putResult(result, resultOffset, resultLength);
        }
        else
        {
            responseEncoder.putResult(buffer, 0, 0);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength();
    }
}
