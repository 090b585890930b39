package io.sequent.exchange.flow;

import io.sequent.codecs.exchange.AddInstrumentDecoder;
import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.DepositDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OpenAccountDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OrderFlowGenerator.Flow#accountId} names the account of every kind of command the flow holds, as the
 * command's own decoder reads it.
 */
class OrderFlowAccountsTest
{
    @Test
    void theAccountOfEveryCommandIsTheOneItsDecoderReads()
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(11, 6, 3, 2).generate(3_000);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        int kinds = 0;
        for (int i = 0; i < flow.count(); i++)
        {
            header.wrap(flow.buffer(), flow.offset(i));
            final int body = flow.offset(i) + MessageHeaderDecoder.ENCODED_LENGTH;
            final int block = header.blockLength();
            final int version = header.version();
            final long expected = switch (header.templateId())
            {
                case AddInstrumentDecoder.TEMPLATE_ID -> 0;
                case OpenAccountDecoder.TEMPLATE_ID ->
                    new OpenAccountDecoder().wrap(flow.buffer(), body, block, version).accountId();
                case DepositDecoder.TEMPLATE_ID ->
                    new DepositDecoder().wrap(flow.buffer(), body, block, version).accountId();
                case PlaceOrderDecoder.TEMPLATE_ID ->
                    new PlaceOrderDecoder().wrap(flow.buffer(), body, block, version).accountId();
                case CancelOrderDecoder.TEMPLATE_ID ->
                    new CancelOrderDecoder().wrap(flow.buffer(), body, block, version).accountId();
                case AmendOrderDecoder.TEMPLATE_ID ->
                    new AmendOrderDecoder().wrap(flow.buffer(), body, block, version).accountId();
                default -> throw new AssertionError("template " + header.templateId());
            };
            kinds |= 1 << header.templateId() % 31;
            assertEquals(expected, flow.accountId(i), "command " + i);
            assertTrue(expected == 0 || expected >= 3 && expected <= 8, "one of the flow's accounts: " + expected);
        }
        assertEquals(6, Integer.bitCount(kinds), "every kind of command the flow has");
    }
}
