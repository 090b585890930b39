package io.sequent.payments.domain;

import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import io.sequent.payments.codecs.FeeChargedDecoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderCancelledDecoder;
import io.sequent.payments.codecs.OrderPlacedDecoder;
import io.sequent.payments.codecs.PaymentAuthorizedDecoder;
import io.sequent.payments.codecs.PaymentCapturedDecoder;
import io.sequent.payments.codecs.PaymentRefundedDecoder;
import org.agrona.DirectBuffer;

/**
 * The payments domain's one aggregate type, the order ({@code order:42}): every current event belongs to the order
 * it names, at the version it carries. The engine's aggregate index and stream read the domain through it.
 */
public final class OrderAggregates implements AggregateIdentity
{
    /** The order's aggregate type code. */
    public static final int ORDER = 1;
    /** The order's aggregate type name. */
    public static final String ORDER_NAME = "order";

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final PaymentAuthorizedDecoder authorized = new PaymentAuthorizedDecoder();
    private final PaymentCapturedDecoder captured = new PaymentCapturedDecoder();
    private final FeeChargedDecoder fee = new FeeChargedDecoder();
    private final PaymentRefundedDecoder refunded = new PaymentRefundedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();

    @Override
    public int identify(final DirectBuffer event, final int offset, final int length, final AggregateRef[] refs)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return 0;
        }
        header.wrap(event, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return 0;
        }
        final AggregateRef into = refs[0];
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderPlacedDecoder.TEMPLATE_ID ->
            {
                placed.wrap(event, body, blockLength, version);
                into.set(ORDER, placed.orderId(), placed.version());
            }
            case PaymentAuthorizedDecoder.TEMPLATE_ID ->
            {
                authorized.wrap(event, body, blockLength, version);
                into.set(ORDER, authorized.orderId(), authorized.version());
            }
            case PaymentCapturedDecoder.TEMPLATE_ID ->
            {
                captured.wrap(event, body, blockLength, version);
                into.set(ORDER, captured.orderId(), captured.version());
            }
            case FeeChargedDecoder.TEMPLATE_ID ->
            {
                fee.wrap(event, body, blockLength, version);
                into.set(ORDER, fee.orderId(), fee.version());
            }
            case PaymentRefundedDecoder.TEMPLATE_ID ->
            {
                refunded.wrap(event, body, blockLength, version);
                into.set(ORDER, refunded.orderId(), refunded.version());
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                cancelled.wrap(event, body, blockLength, version);
                into.set(ORDER, cancelled.orderId(), cancelled.version());
            }
            default ->
            {
                return 0;
            }
        }
        return 1;
    }

    @Override
    public String typeName(final int type)
    {
        return type == ORDER ? ORDER_NAME : null;
    }

    @Override
    public int typeCode(final String name)
    {
        return ORDER_NAME.equals(name) ? ORDER : 0;
    }
}
