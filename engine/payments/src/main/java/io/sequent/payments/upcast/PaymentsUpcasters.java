package io.sequent.payments.upcast;

import io.sequent.engine.domain.UpcasterChain;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.PaymentCapturedV1Decoder;
import io.sequent.payments.codecs.PaymentCapturedV2Decoder;

/**
 * The payments domain's upcaster chain, registered in one place: v1 to v2 ({@link CaptureInMinorUnits}), then v2 to
 * v3 ({@link FeeSplitFromCapture}). A version 1 capture goes through both. Every other event of every version is
 * current already (its layout only ever grew by SBE's rules) and passes untouched.
 */
public final class PaymentsUpcasters
{
    private PaymentsUpcasters()
    {
    }

    /**
     * @return a new chain, for one thread.
     */
    public static UpcasterChain chain()
    {
        return UpcasterChain.forSchema(MessageHeaderDecoder.SCHEMA_ID)
            .step(PaymentCapturedV1Decoder.TEMPLATE_ID, CaptureInMinorUnits.RETIRED_BY, new CaptureInMinorUnits())
            .step(PaymentCapturedV2Decoder.TEMPLATE_ID, FeeSplitFromCapture.RETIRED_BY, new FeeSplitFromCapture());
    }
}
