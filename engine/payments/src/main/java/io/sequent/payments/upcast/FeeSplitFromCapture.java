package io.sequent.payments.upcast;

import io.sequent.engine.domain.UpcasterChain;
import io.sequent.payments.codecs.FeeChargedEncoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.PaymentCapturedEncoder;
import io.sequent.payments.codecs.PaymentCapturedV2Decoder;
import org.agrona.DirectBuffer;

/**
 * Upcaster step v2 to v3: schema version 2's capture ({@code PaymentCapturedV2}) carried the fee withheld from it;
 * version 3 records the fee as an event of its own, so one old event becomes two: {@code PaymentCaptured} and
 * {@code FeeCharged}, with the old event's version (the events of one command share it), or the capture alone when
 * the fee was 0, which is just what version 3's code emits for such a capture.
 */
public final class FeeSplitFromCapture implements UpcasterChain.Step
{
    /** The schema version whose code no longer writes the fee inside the capture. */
    public static final int RETIRED_BY = 3;

    private static final int CAPTURED_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + PaymentCapturedEncoder.BLOCK_LENGTH;
    private static final int FEE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + FeeChargedEncoder.BLOCK_LENGTH;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PaymentCapturedV2Decoder v2 = new PaymentCapturedV2Decoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PaymentCapturedEncoder captured = new PaymentCapturedEncoder();
    private final FeeChargedEncoder feeCharged = new FeeChargedEncoder();

    @Override
    public void upcast(final DirectBuffer event, final int offset, final int length, final UpcasterChain.Output out)
    {
        header.wrap(event, offset);
        v2.wrap(event, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        captured.wrapAndApplyHeader(out.buffer(), out.claim(CAPTURED_LENGTH), headerEncoder)
            .orderId(v2.orderId())
            .version(v2.version())
            .amount(v2.amount())
            .currency(v2.currency());
        if (v2.fee() != 0)
        {
            feeCharged.wrapAndApplyHeader(out.buffer(), out.claim(FEE_LENGTH), headerEncoder)
                .orderId(v2.orderId())
                .version(v2.version())
                .fee(v2.fee())
                .currency(v2.currency());
        }
    }
}
