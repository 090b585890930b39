package io.sequent.payments.domain;

import io.sequent.payments.codecs.CommandAcceptedDecoder;
import io.sequent.payments.codecs.FeeChargedDecoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderCancelledDecoder;
import io.sequent.payments.codecs.OrderPlacedDecoder;
import io.sequent.payments.codecs.PaymentAuthorizedDecoder;
import io.sequent.payments.codecs.PaymentCapturedDecoder;
import io.sequent.payments.codecs.PaymentRefundedDecoder;
import org.agrona.DirectBuffer;

/**
 * One current payments event (or a command's result) as a line of text, the form the reference model speaks, so
 * the domain's output and the model's compare as strings.
 */
public final class EventText
{
    private static final MessageHeaderDecoder HEADER = new MessageHeaderDecoder();
    private static final OrderPlacedDecoder PLACED = new OrderPlacedDecoder();
    private static final PaymentAuthorizedDecoder AUTHORIZED = new PaymentAuthorizedDecoder();
    private static final PaymentCapturedDecoder CAPTURED = new PaymentCapturedDecoder();
    private static final FeeChargedDecoder FEE = new FeeChargedDecoder();
    private static final PaymentRefundedDecoder REFUNDED = new PaymentRefundedDecoder();
    private static final OrderCancelledDecoder CANCELLED = new OrderCancelledDecoder();
    private static final CommandAcceptedDecoder ACCEPTED = new CommandAcceptedDecoder();

    private EventText()
    {
    }

    /**
     * @param buffer holding the message, from its SBE header.
     * @param offset where it starts.
     * @return the text.
     */
    public static synchronized String of(final DirectBuffer buffer, final int offset)
    {
        HEADER.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = HEADER.blockLength();
        final int version = HEADER.version();
        return switch (HEADER.templateId())
        {
            case OrderPlacedDecoder.TEMPLATE_ID -> placed(PLACED.wrap(buffer, body, block, version));
            case PaymentAuthorizedDecoder.TEMPLATE_ID ->
            {
                AUTHORIZED.wrap(buffer, body, block, version);
                yield text("Authorized", AUTHORIZED.orderId(), AUTHORIZED.version(), AUTHORIZED.amount(),
                    AUTHORIZED.currency());
            }
            case PaymentCapturedDecoder.TEMPLATE_ID ->
            {
                CAPTURED.wrap(buffer, body, block, version);
                yield text("Captured", CAPTURED.orderId(), CAPTURED.version(), CAPTURED.amount(), CAPTURED.currency());
            }
            case FeeChargedDecoder.TEMPLATE_ID ->
            {
                FEE.wrap(buffer, body, block, version);
                yield text("Fee", FEE.orderId(), FEE.version(), FEE.fee(), FEE.currency());
            }
            case PaymentRefundedDecoder.TEMPLATE_ID ->
            {
                REFUNDED.wrap(buffer, body, block, version);
                yield text("Refunded", REFUNDED.orderId(), REFUNDED.version(), REFUNDED.amount(), REFUNDED.currency());
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                CANCELLED.wrap(buffer, body, block, version);
                yield "Cancelled " + CANCELLED.orderId() + " v" + CANCELLED.version();
            }
            case CommandAcceptedDecoder.TEMPLATE_ID ->
            {
                ACCEPTED.wrap(buffer, body, block, version);
                yield "Accepted " + ACCEPTED.orderId() + " v" + ACCEPTED.version();
            }
            default -> "template " + HEADER.templateId() + " v" + version;
        };
    }

    private static String placed(final OrderPlacedDecoder placed)
    {
        return "Placed " + placed.orderId() + " v" + placed.version() + " customer " + placed.customerId() + " " +
            placed.amount() + " " + placed.currency();
    }

    /**
     * @return the text the model writes for an event of that kind.
     */
    public static String text(final String kind, final long orderId, final long version, final long amount,
        final int currency)
    {
        return kind + " " + orderId + " v" + version + " " + amount + " " + currency;
    }
}
