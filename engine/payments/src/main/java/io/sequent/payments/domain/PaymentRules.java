package io.sequent.payments.domain;

import io.sequent.engine.domain.EventAppender;
import io.sequent.payments.codecs.CommandAcceptedEncoder;
import io.sequent.payments.codecs.FeeChargedEncoder;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.OrderCancelledEncoder;
import io.sequent.payments.codecs.OrderPlacedEncoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.codecs.PaymentAuthorizedEncoder;
import io.sequent.payments.codecs.PaymentCapturedEncoder;
import io.sequent.payments.codecs.PaymentRefundedEncoder;

/**
 * The workflow's rules, on the {@code handle} side: check a command against the order's current state and emit its
 * events, or reject it. Never changes the state ({@link PaymentsDomain#apply} does). The checks, in order: the order
 * id; the order's existence; the expected version (optimistic concurrency: a stale sender is told the current
 * version before anything else); a cancelled order; the workflow's step (capture only after an authorization, once;
 * refunds only after the capture); the amounts. Every accepted command answers with {@code CommandAccepted}: the
 * order's new version, which the sender's next command expects.
 */
final class PaymentRules
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int PLACED_LENGTH = HEADER + OrderPlacedEncoder.BLOCK_LENGTH;
    private static final int AUTHORIZED_LENGTH = HEADER + PaymentAuthorizedEncoder.BLOCK_LENGTH;
    private static final int CAPTURED_LENGTH = HEADER + PaymentCapturedEncoder.BLOCK_LENGTH;
    private static final int FEE_LENGTH = HEADER + FeeChargedEncoder.BLOCK_LENGTH;
    private static final int REFUNDED_LENGTH = HEADER + PaymentRefundedEncoder.BLOCK_LENGTH;
    private static final int CANCELLED_LENGTH = HEADER + OrderCancelledEncoder.BLOCK_LENGTH;
    private static final int ACCEPTED_LENGTH = HEADER + CommandAcceptedEncoder.BLOCK_LENGTH;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OrderPlacedEncoder placed = new OrderPlacedEncoder();
    private final PaymentAuthorizedEncoder authorized = new PaymentAuthorizedEncoder();
    private final PaymentCapturedEncoder captured = new PaymentCapturedEncoder();
    private final FeeChargedEncoder feeCharged = new FeeChargedEncoder();
    private final PaymentRefundedEncoder refunded = new PaymentRefundedEncoder();
    private final OrderCancelledEncoder cancelled = new OrderCancelledEncoder();
    private final CommandAcceptedEncoder accepted = new CommandAcceptedEncoder();

    void place(
        final long orderId, final long expectedVersion, final long customerId, final long amount, final int currency,
        final PaymentsState state, final EventAppender events)
    {
        if (orderId <= 0)
        {
            events.reject(PaymentsReasons.INVALID_ORDER_ID);
            return;
        }
        final PaymentOrder existing = state.order(orderId);
        if (existing != null)
        {
            events.reject(PaymentsReasons.ORDER_EXISTS, existing.version);
            return;
        }
        if (expectedVersion != 0)
        {
            events.reject(PaymentsReasons.VERSION_CONFLICT, 0);
        }
        else if (customerId <= 0)
        {
            events.reject(PaymentsReasons.INVALID_CUSTOMER);
        }
        else if (amount <= 0)
        {
            events.reject(PaymentsReasons.NON_POSITIVE_AMOUNT);
        }
        else if (Currencies.slot(currency) < 0)
        {
            events.reject(PaymentsReasons.UNKNOWN_CURRENCY);
        }
        else if (state.orderCount() >= state.maxOrders())
        {
            events.reject(PaymentsReasons.TOO_MANY_ORDERS);
        }
        else
        {
            placed.wrapAndApplyHeader(events.buffer(), events.claim(PLACED_LENGTH), header)
                .orderId(orderId).version(1).customerId(customerId).amount(amount).currency(currency);
            accept(orderId, 1, events);
        }
    }

    void authorize(
        final long orderId, final long expectedVersion, final long amount, final PaymentsState state,
        final EventAppender events)
    {
        final PaymentOrder order = open(orderId, expectedVersion, state, events);
        if (order == null)
        {
            return;
        }
        if (order.status == OrderStatus.AUTHORIZED)
        {
            events.reject(PaymentsReasons.ALREADY_AUTHORIZED);
        }
        else if (order.status != OrderStatus.PLACED)
        {
            events.reject(PaymentsReasons.ALREADY_CAPTURED);
        }
        else if (amount <= 0)
        {
            events.reject(PaymentsReasons.NON_POSITIVE_AMOUNT);
        }
        else if (amount > order.amount)
        {
            events.reject(PaymentsReasons.EXCEEDS_ORDER_AMOUNT);
        }
        else
        {
            final long version = order.version + 1;
            authorized.wrapAndApplyHeader(events.buffer(), events.claim(AUTHORIZED_LENGTH), header)
                .orderId(orderId).version(version).amount(amount).currency(order.currency);
            accept(orderId, version, events);
        }
    }

    void capture(
        final long orderId, final long expectedVersion, final long amount, final long fee, final PaymentsState state,
        final EventAppender events)
    {
        final PaymentOrder order = open(orderId, expectedVersion, state, events);
        if (order == null)
        {
            return;
        }
        final int slot = Currencies.slot(order.currency);
        if (order.status == OrderStatus.PLACED)
        {
            events.reject(PaymentsReasons.NOT_AUTHORIZED);
        }
        else if (order.status != OrderStatus.AUTHORIZED)
        {
            events.reject(PaymentsReasons.ALREADY_CAPTURED);
        }
        else if (amount <= 0)
        {
            events.reject(PaymentsReasons.NON_POSITIVE_AMOUNT);
        }
        else if (amount > order.authorized)
        {
            events.reject(PaymentsReasons.EXCEEDS_AUTHORIZED);
        }
        else if (fee < 0 || fee > amount)
        {
            events.reject(PaymentsReasons.INVALID_FEE);
        }
        else if (state.captured[slot] > Long.MAX_VALUE - amount || state.fees[slot] > Long.MAX_VALUE - fee)
        {
            events.reject(PaymentsReasons.ARITHMETIC_OVERFLOW);
        }
        else
        {
            final long version = order.version + 1;
            captured.wrapAndApplyHeader(events.buffer(), events.claim(CAPTURED_LENGTH), header)
                .orderId(orderId).version(version).amount(amount).currency(order.currency);
            if (fee > 0)
            {
                feeCharged.wrapAndApplyHeader(events.buffer(), events.claim(FEE_LENGTH), header)
                    .orderId(orderId).version(version).fee(fee).currency(order.currency);
            }
            accept(orderId, version, events);
        }
    }

    void refund(
        final long orderId, final long expectedVersion, final long amount, final PaymentsState state,
        final EventAppender events)
    {
        final PaymentOrder order = open(orderId, expectedVersion, state, events);
        if (order == null)
        {
            return;
        }
        if (order.status == OrderStatus.PLACED || order.status == OrderStatus.AUTHORIZED)
        {
            events.reject(PaymentsReasons.NOT_CAPTURED);
        }
        else if (amount <= 0)
        {
            events.reject(PaymentsReasons.NON_POSITIVE_AMOUNT);
        }
        else if (amount > order.refundable())
        {
            events.reject(PaymentsReasons.EXCEEDS_CAPTURED, order.refundable());
        }
        else
        {
            // Refunded never exceeds captured, per order and so per currency: the total cannot overflow.
            final long version = order.version + 1;
            refunded.wrapAndApplyHeader(events.buffer(), events.claim(REFUNDED_LENGTH), header)
                .orderId(orderId).version(version).amount(amount).currency(order.currency);
            accept(orderId, version, events);
        }
    }

    void cancel(final long orderId, final long expectedVersion, final PaymentsState state, final EventAppender events)
    {
        final PaymentOrder order = open(orderId, expectedVersion, state, events);
        if (order == null)
        {
            return;
        }
        if (order.status == OrderStatus.CAPTURED || order.status == OrderStatus.REFUNDED)
        {
            events.reject(PaymentsReasons.ALREADY_CAPTURED);
        }
        else
        {
            final long version = order.version + 1;
            cancelled.wrapAndApplyHeader(events.buffer(), events.claim(CANCELLED_LENGTH), header)
                .orderId(orderId).version(version);
            accept(orderId, version, events);
        }
    }

    /**
     * @return the order when a command may go on with it; else null, and the command has been rejected.
     */
    private static PaymentOrder open(
        final long orderId, final long expectedVersion, final PaymentsState state, final EventAppender events)
    {
        if (orderId <= 0)
        {
            events.reject(PaymentsReasons.INVALID_ORDER_ID);
            return null;
        }
        final PaymentOrder order = state.order(orderId);
        if (order == null)
        {
            events.reject(PaymentsReasons.UNKNOWN_ORDER);
            return null;
        }
        if (order.version != expectedVersion)
        {
            events.reject(PaymentsReasons.VERSION_CONFLICT, order.version);
            return null;
        }
        if (order.status == OrderStatus.CANCELLED)
        {
            events.reject(PaymentsReasons.ORDER_CANCELLED);
            return null;
        }
        return order;
    }

    private void accept(final long orderId, final long version, final EventAppender events)
    {
        accepted.wrapAndApplyHeader(events.resultBuffer(), events.claimResult(ACCEPTED_LENGTH), header)
            .orderId(orderId).version(version);
    }
}
