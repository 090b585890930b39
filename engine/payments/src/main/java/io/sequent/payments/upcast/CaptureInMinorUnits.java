package io.sequent.payments.upcast;

import io.sequent.engine.domain.UpcasterChain;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.PaymentCapturedV1Decoder;
import io.sequent.payments.codecs.PaymentCapturedV2Encoder;
import io.sequent.payments.domain.Currencies;
import org.agrona.DirectBuffer;

/**
 * Upcaster step v1 to v2: schema version 1's capture ({@code PaymentCapturedV1}) carried its amount in whole
 * currency units and knew no fees; version 2's ({@code PaymentCapturedV2}) is in minor units with a fee. So 12 USD
 * becomes 1,200 cents, 12 JPY stays 12 yen, with a fee of 0. A change of meaning SBE's {@code sinceVersion} cannot
 * express: the field is the same long, its unit is not.
 */
public final class CaptureInMinorUnits implements UpcasterChain.Step
{
    /** The schema version whose code no longer writes whole units. */
    public static final int RETIRED_BY = 2;

    private static final int V2_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PaymentCapturedV2Encoder.BLOCK_LENGTH;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PaymentCapturedV1Decoder v1 = new PaymentCapturedV1Decoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final PaymentCapturedV2Encoder v2 = new PaymentCapturedV2Encoder();

    @Override
    public void upcast(final DirectBuffer event, final int offset, final int length, final UpcasterChain.Output out)
    {
        header.wrap(event, offset);
        v1.wrap(event, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        final int currency = v1.currency();
        // Overflow throws: recovery then names the frame instead of replaying a wrong amount.
        final long amount = Math.multiplyExact(v1.units(), Currencies.minorUnitsPerUnit(currency));
        final int at = out.claim(V2_LENGTH);
        v2.wrapAndApplyHeader(out.buffer(), at, headerEncoder)
            .orderId(v1.orderId())
            .version(v1.version())
            .amount(amount)
            .fee(0)
            .currency(currency);
        // The form written is version 2's: the next step of the chain reads it from there.
        headerEncoder.version(RETIRED_BY);
    }
}
