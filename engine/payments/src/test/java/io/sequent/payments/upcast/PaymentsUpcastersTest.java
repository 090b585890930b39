package io.sequent.payments.upcast;

import io.sequent.engine.domain.EventUpcaster;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.PaymentAuthorizedEncoder;
import io.sequent.payments.codecs.PaymentCapturedV1Encoder;
import io.sequent.payments.codecs.PaymentCapturedV2Encoder;
import io.sequent.payments.domain.Currencies;
import io.sequent.payments.domain.EventText;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The payments upcaster chain: a version 1 capture in whole units becomes today's capture in minor units (through
 * version 2), per its currency's scale; a version 2 capture with a fee becomes a capture and a fee with its
 * version; without a fee just the capture; every other event passes as it is; an amount that would overflow in
 * minor units, or an unknown currency, fails rather than read wrong.
 */
class PaymentsUpcastersTest
{
    private final EventUpcaster chain = PaymentsUpcasters.chain();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private List<String> upcast(final int length)
    {
        final List<String> out = new ArrayList<>();
        chain.upcast(9, 1, buffer, 0, length, (sequence, timestamp, event, offset, len) ->
        {
            assertEquals(9, sequence);
            out.add(EventText.of(event, offset));
        });
        return out;
    }

    private int v1Capture(final long units, final int currency)
    {
        new PaymentCapturedV1Encoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(42).version(3).units(units).currency(currency);
        header.version(1);
        return MessageHeaderEncoder.ENCODED_LENGTH + PaymentCapturedV1Encoder.BLOCK_LENGTH;
    }

    @Test
    void aVersion1CaptureInWholeUnitsIsReadInMinorUnitsOfItsCurrency()
    {
        assertEquals(List.of("Captured 42 v3 1200 840"), upcast(v1Capture(12, Currencies.USD)));
        assertEquals(List.of("Captured 42 v3 12 392"), upcast(v1Capture(12, Currencies.JPY)));
        assertEquals(List.of("Captured 42 v3 12000 48"), upcast(v1Capture(12, Currencies.BHD)));
    }

    @Test
    void aVersion2CaptureWithAFeeIsSplitInTwoEventsOfItsVersion()
    {
        final PaymentCapturedV2Encoder v2 = new PaymentCapturedV2Encoder();
        v2.wrapAndApplyHeader(buffer, 0, header).orderId(42).version(3).amount(1_250).fee(30).currency(978);
        header.version(2);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + PaymentCapturedV2Encoder.BLOCK_LENGTH;
        assertEquals(List.of("Captured 42 v3 1250 978", "Fee 42 v3 30 978"), upcast(length));
        v2.fee(0);
        assertEquals(List.of("Captured 42 v3 1250 978"), upcast(length));
    }

    @Test
    void currentEventsPassAsTheyAre()
    {
        new PaymentAuthorizedEncoder().wrapAndApplyHeader(buffer, 0, header)
            .orderId(42).version(2).amount(99).currency(840);
        header.version(1); // written by version 1: the layout has not changed since
        assertEquals(List.of("Authorized 42 v2 99 840"),
            upcast(MessageHeaderEncoder.ENCODED_LENGTH + PaymentAuthorizedEncoder.BLOCK_LENGTH));
    }

    @Test
    void anAmountThatOverflowsInMinorUnitsOrAnUnknownCurrencyFails()
    {
        final int overflowing = v1Capture(Long.MAX_VALUE / 10, Currencies.USD);
        assertThrows(ArithmeticException.class, () -> upcast(overflowing));
        final int unknown = v1Capture(12, 999);
        assertThrows(IllegalArgumentException.class, () -> upcast(unknown));
    }
}
