package io.sequent.payments.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import io.sequent.engine.domain.EventUpcaster;
import io.sequent.engine.domain.StateHasher;
import io.sequent.payments.codecs.AuthorizePaymentDecoder;
import io.sequent.payments.codecs.CancelOrderDecoder;
import io.sequent.payments.codecs.CapturePaymentDecoder;
import io.sequent.payments.codecs.FeeChargedDecoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderCancelledDecoder;
import io.sequent.payments.codecs.OrderPlacedDecoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.codecs.PaymentAuthorizedDecoder;
import io.sequent.payments.codecs.PaymentCapturedDecoder;
import io.sequent.payments.codecs.PaymentCapturedV1Decoder;
import io.sequent.payments.codecs.PaymentCapturedV2Decoder;
import io.sequent.payments.codecs.PaymentRefundedDecoder;
import io.sequent.payments.codecs.PlaceOrderDecoder;
import io.sequent.payments.codecs.RefundPaymentDecoder;
import io.sequent.payments.upcast.PaymentsUpcasters;
import org.agrona.DirectBuffer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The payments domain: a payment workflow per order (place, authorize, capture at most the authorization once,
 * refund the capture in parts, or cancel before the capture), each order versioned for optimistic concurrency, on
 * its own SBE schema ({@code payments-schema.xml}, id 300), plugged into the engine exactly as a user's domain would
 * be. Money is scaled longs in minor units; totals that would overflow are rejected, never wrapped.
 * <p>
 * An order's version counts the commands it accepted; every event carries the version its command brought the order
 * to, and every command the version its sender expects (see {@link PaymentRules} for the checks). Commands that
 * come out of order (a capture before the authorization, a second capture, a refund above what was captured) are
 * rejected with a reason code and change nothing.
 * <p>
 * Events written by schema versions 1 and 2 reach {@link #apply} through {@link #upcaster()}
 * ({@link PaymentsUpcasters}): {@code apply} knows today's events only. Flyweights are reused; handling a command
 * allocates nothing but the order a PlaceOrder adds to the state.
 */
public final class PaymentsDomain implements Domain<PaymentsState>
{
    /** The schema document, on the class path. */
    public static final String SCHEMA_RESOURCE = "/sbe/payments-schema.xml";

    private final int maxOrders;
    private final PaymentRules rules = new PaymentRules();
    private final EventUpcaster upcaster = PaymentsUpcasters.chain();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PlaceOrderDecoder placeOrder = new PlaceOrderDecoder();
    private final AuthorizePaymentDecoder authorizePayment = new AuthorizePaymentDecoder();
    private final CapturePaymentDecoder capturePayment = new CapturePaymentDecoder();
    private final RefundPaymentDecoder refundPayment = new RefundPaymentDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final OrderPlacedDecoder orderPlaced = new OrderPlacedDecoder();
    private final PaymentAuthorizedDecoder paymentAuthorized = new PaymentAuthorizedDecoder();
    private final PaymentCapturedDecoder paymentCaptured = new PaymentCapturedDecoder();
    private final FeeChargedDecoder feeCharged = new FeeChargedDecoder();
    private final PaymentRefundedDecoder paymentRefunded = new PaymentRefundedDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();

    /**
     * A domain holding at most {@link PaymentsState#DEFAULT_MAX_ORDERS} orders.
     */
    public PaymentsDomain()
    {
        this(PaymentsState.DEFAULT_MAX_ORDERS);
    }

    /**
     * @param maxOrders orders the state holds at most; a PlaceOrder past them is rejected
     *                  {@link PaymentsReasons#TOO_MANY_ORDERS}.
     */
    public PaymentsDomain(final int maxOrders)
    {
        new PaymentsState(maxOrders); // checks the limit now, not at the first newState()
        this.maxOrders = maxOrders;
    }

    @Override
    public int commandSchemaId()
    {
        return MessageHeaderDecoder.SCHEMA_ID;
    }

    @Override
    public int commandSchemaVersion()
    {
        return MessageHeaderDecoder.SCHEMA_VERSION;
    }

    @Override
    public int eventSchemaId()
    {
        return MessageHeaderDecoder.SCHEMA_ID;
    }

    @Override
    public int eventSchemaVersion()
    {
        return MessageHeaderDecoder.SCHEMA_VERSION;
    }

    @Override
    public byte[] eventSchemaXml()
    {
        return schemaXml();
    }

    /**
     * @return the payments schema document's bytes (UTF-8 XML).
     */
    public static byte[] schemaXml()
    {
        try (InputStream in = PaymentsDomain.class.getResourceAsStream(SCHEMA_RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("no " + SCHEMA_RESOURCE + " on the class path: the payments jar " +
                    "is incomplete");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + SCHEMA_RESOURCE, ex);
        }
    }

    @Override
    public EventUpcaster upcaster()
    {
        return upcaster;
    }

    @Override
    public PaymentsState newState()
    {
        return new PaymentsState(maxOrders);
    }

    @Override
    public void handle(
        final DirectBuffer command, final int offset, final int length, final PaymentsState state,
        final EventAppender events)
    {
        header.wrap(command, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int templateId = header.templateId();
        final int required = blockLength(templateId);
        if (required < 0)
        {
            events.reject(RejectReason.UNKNOWN_COMMAND);
            return;
        }
        if (blockLength < required || MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            // The decoders read fields at fixed offsets: a block shorter than theirs would read past it.
            events.reject(RejectReason.MALFORMED_COMMAND);
            return;
        }
        switch (templateId)
        {
            case PlaceOrderDecoder.TEMPLATE_ID ->
            {
                placeOrder.wrap(command, body, blockLength, version);
                rules.place(placeOrder.orderId(), placeOrder.expectedVersion(), placeOrder.customerId(),
                    placeOrder.amount(), placeOrder.currency(), state, events);
            }
            case AuthorizePaymentDecoder.TEMPLATE_ID ->
            {
                authorizePayment.wrap(command, body, blockLength, version);
                rules.authorize(authorizePayment.orderId(), authorizePayment.expectedVersion(),
                    authorizePayment.amount(), state, events);
            }
            case CapturePaymentDecoder.TEMPLATE_ID ->
            {
                capturePayment.wrap(command, body, blockLength, version);
                rules.capture(capturePayment.orderId(), capturePayment.expectedVersion(), capturePayment.amount(),
                    capturePayment.fee(), state, events);
            }
            case RefundPaymentDecoder.TEMPLATE_ID ->
            {
                refundPayment.wrap(command, body, blockLength, version);
                rules.refund(refundPayment.orderId(), refundPayment.expectedVersion(), refundPayment.amount(), state,
                    events);
            }
            default ->
            {
                cancelOrder.wrap(command, body, blockLength, version);
                rules.cancel(cancelOrder.orderId(), cancelOrder.expectedVersion(), state, events);
            }
        }
    }

    private static int blockLength(final int templateId)
    {
        return switch (templateId)
        {
            case PlaceOrderDecoder.TEMPLATE_ID -> PlaceOrderDecoder.BLOCK_LENGTH;
            case AuthorizePaymentDecoder.TEMPLATE_ID -> AuthorizePaymentDecoder.BLOCK_LENGTH;
            case CapturePaymentDecoder.TEMPLATE_ID -> CapturePaymentDecoder.BLOCK_LENGTH;
            case RefundPaymentDecoder.TEMPLATE_ID -> RefundPaymentDecoder.BLOCK_LENGTH;
            case CancelOrderDecoder.TEMPLATE_ID -> CancelOrderDecoder.BLOCK_LENGTH;
            default -> -1;
        };
    }

    @Override
    public void apply(final DirectBuffer event, final int offset, final int length, final PaymentsState state)
    {
        header.wrap(event, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderPlacedDecoder.TEMPLATE_ID ->
            {
                orderPlaced.wrap(event, body, blockLength, version);
                final PaymentOrder order = new PaymentOrder(orderPlaced.orderId(), orderPlaced.customerId(),
                    orderPlaced.currency(), orderPlaced.amount());
                order.version = orderPlaced.version();
                state.place(order);
            }
            case PaymentAuthorizedDecoder.TEMPLATE_ID ->
            {
                paymentAuthorized.wrap(event, body, blockLength, version);
                final PaymentOrder order = state.requireOrder(paymentAuthorized.orderId());
                order.authorized = paymentAuthorized.amount();
                order.status = OrderStatus.AUTHORIZED;
                order.version = paymentAuthorized.version();
            }
            case PaymentCapturedDecoder.TEMPLATE_ID ->
            {
                paymentCaptured.wrap(event, body, blockLength, version);
                final PaymentOrder order = state.requireOrder(paymentCaptured.orderId());
                order.captured = paymentCaptured.amount();
                order.status = OrderStatus.CAPTURED;
                order.version = paymentCaptured.version();
                state.captured[Currencies.slot(order.currency)] += paymentCaptured.amount();
            }
            case FeeChargedDecoder.TEMPLATE_ID ->
            {
                feeCharged.wrap(event, body, blockLength, version);
                final PaymentOrder order = state.requireOrder(feeCharged.orderId());
                order.fees += feeCharged.fee();
                order.version = feeCharged.version();
                state.fees[Currencies.slot(order.currency)] += feeCharged.fee();
            }
            case PaymentRefundedDecoder.TEMPLATE_ID ->
            {
                paymentRefunded.wrap(event, body, blockLength, version);
                final PaymentOrder order = state.requireOrder(paymentRefunded.orderId());
                order.refunded += paymentRefunded.amount();
                order.version = paymentRefunded.version();
                if (order.refunded == order.captured)
                {
                    order.status = OrderStatus.REFUNDED;
                }
                state.refunded[Currencies.slot(order.currency)] += paymentRefunded.amount();
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                orderCancelled.wrap(event, body, blockLength, version);
                final PaymentOrder order = state.requireOrder(orderCancelled.orderId());
                order.status = OrderStatus.CANCELLED;
                order.version = orderCancelled.version();
            }
            case PaymentCapturedV1Decoder.TEMPLATE_ID, PaymentCapturedV2Decoder.TEMPLATE_ID ->
                throw new IllegalStateException("a schema version " + version + " event (template " +
                    header.templateId() + ") reached apply: journal events must be read through the upcaster");
            default -> throw new IllegalStateException("unknown payments event template " + header.templateId() +
                " (schema " + header.schemaId() + " version " + version + "): a journal of a newer version?");
        }
    }

    @Override
    public long stateHash(final PaymentsState state)
    {
        final long[] ids = sortedIds(state);
        final StateHasher hasher = new StateHasher();
        hasher.add(ids.length);
        for (final long id : ids)
        {
            final PaymentOrder order = state.order(id);
            hasher.add(id).add(order.version).add(order.customerId).add(order.currency).add(order.amount)
                .add(order.status.value()).add(order.authorized).add(order.captured).add(order.refunded)
                .add(order.fees);
        }
        for (int slot = 0; slot < Currencies.COUNT; slot++)
        {
            hasher.add(state.captured[slot]).add(state.refunded[slot]).add(state.fees[slot]);
        }
        return hasher.hash();
    }

    @Override
    public void writeSnapshot(final PaymentsState state, final DataOutput out) throws IOException
    {
        PaymentsSnapshot.write(state, sortedIds(state), out);
    }

    @Override
    public PaymentsState readSnapshot(final DataInput in) throws IOException
    {
        return PaymentsSnapshot.read(newState(), in);
    }

    private static long[] sortedIds(final PaymentsState state)
    {
        final long[] ids = new long[state.orderCount()];
        int i = 0;
        for (final PaymentOrder order : state.orders())
        {
            ids[i++] = order.orderId;
        }
        Arrays.sort(ids);
        return ids;
    }
}
