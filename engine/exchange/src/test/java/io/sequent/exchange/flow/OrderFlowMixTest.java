package io.sequent.exchange.flow;

import io.sequent.codecs.exchange.AmendOrderDecoder;
import io.sequent.codecs.exchange.CancelOrderDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.PlaceOrderDecoder;
import io.sequent.codecs.exchange.TimeInForce;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OrderFlowGenerator.Mix#PLACE_CANCEL} makes about 50 % GTC orders, 30 % cancels, 10 % IOC orders and 10 %
 * amends, each cancel and amend naming an order that is live when it arrives, and each amend changing either the
 * price or the quantity; the same seed gives the same bytes.
 */
class OrderFlowMixTest
{
    private static final int COMMANDS = 200_000;

    @Test
    void placeCancelMixHasItsSharesAndOnlyLiveTargets()
    {
        final OrderFlowGenerator.Flow flow =
            new OrderFlowGenerator(7, 1_000, 1, 2, OrderFlowGenerator.Mix.PLACE_CANCEL).generate(COMMANDS);
        final ExchangeDomain domain = new ExchangeDomain();
        final ExchangeState state = domain.newState();
        final RecordingEventAppender events = new RecordingEventAppender();
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final PlaceOrderDecoder place = new PlaceOrderDecoder();
        final AmendOrderDecoder amend = new AmendOrderDecoder();
        int gtc = 0;
        int ioc = 0;
        int cancels = 0;
        int amends = 0;
        for (int i = 0; i < flow.count(); i++)
        {
            header.wrap(flow.buffer(), flow.offset(i));
            final int body = flow.offset(i) + MessageHeaderDecoder.ENCODED_LENGTH;
            final boolean measured = i >= flow.setupCount();
            final int template = header.templateId();
            if (measured && template == PlaceOrderDecoder.TEMPLATE_ID)
            {
                place.wrap(flow.buffer(), body, header.blockLength(), header.version());
                if (place.timeInForce() == TimeInForce.IOC)
                {
                    ioc++;
                }
                else
                {
                    gtc++;
                }
            }
            else if (measured && template == AmendOrderDecoder.TEMPLATE_ID)
            {
                amend.wrap(flow.buffer(), body, header.blockLength(), header.version());
                final var order = state.order(amend.orderId());
                assertTrue(amend.newPrice() == order.price() || amend.newQuantity() == order.remaining(),
                    "amend " + i + " changes one of price and quantity");
                amends++;
            }
            cancels += measured && template == CancelOrderDecoder.TEMPLATE_ID ? 1 : 0;
            final int reason = events.execute(domain, flow.buffer(), flow.offset(i), flow.length(i), state);
            if (template == CancelOrderDecoder.TEMPLATE_ID || template == AmendOrderDecoder.TEMPLATE_ID ||
                !measured)
            {
                assertEquals(0, reason, "command " + i + " is accepted");
            }
        }
        assertShare("GTC", 50, gtc);
        assertShare("cancel", 30, cancels);
        assertShare("IOC", 10, ioc);
        assertShare("amend", 10, amends);
    }

    @Test
    void theSameSeedGivesTheSameBytes()
    {
        final OrderFlowGenerator.Flow first =
            new OrderFlowGenerator(3, 100, 1, 3, OrderFlowGenerator.Mix.PLACE_CANCEL).generate(5_000);
        final OrderFlowGenerator.Flow second =
            new OrderFlowGenerator(3, 100, 1, 3, OrderFlowGenerator.Mix.PLACE_CANCEL).generate(5_000);
        assertEquals(first.count(), second.count());
        final int end = first.offset(first.count() - 1) + first.length(first.count() - 1);
        for (int i = 0; i < end; i++)
        {
            assertEquals(first.buffer().getByte(i), second.buffer().getByte(i), "byte " + i);
        }
    }

    private static void assertShare(final String kind, final int percent, final int count)
    {
        final double share = 100.0 * count / COMMANDS;
        assertTrue(Math.abs(share - percent) <= 3, kind + " is " + share + " %, not about " + percent + " %");
    }
}
