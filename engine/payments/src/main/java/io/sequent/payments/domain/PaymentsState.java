package io.sequent.payments.domain;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The payments domain's in-memory state: every order placed (cancelled and refunded ones too, so an id is never
 * reused) and, per currency, the totals captured, refunded and withheld as fees. Owned by the sequencer thread while
 * the engine runs; changed only by {@link PaymentsDomain#apply}.
 * <p>
 * Invariant: per currency, captured minus refunded equals the sum over its orders of captured minus refunded (and
 * fees equal the orders' fees); {@link #checkInvariant()} checks it.
 */
public final class PaymentsState
{
    /** Orders the state holds at most, by default, so memory stays bounded. */
    public static final int DEFAULT_MAX_ORDERS = 4_000_000;

    private final Long2ObjectHashMap<PaymentOrder> orders = new Long2ObjectHashMap<>();
    private final int maxOrders;
    final long[] captured = new long[Currencies.COUNT];
    final long[] refunded = new long[Currencies.COUNT];
    final long[] fees = new long[Currencies.COUNT];

    /**
     * @param maxOrders orders the state holds at most; at least 1.
     */
    public PaymentsState(final int maxOrders)
    {
        if (maxOrders < 1)
        {
            throw new IllegalArgumentException("maxOrders must be at least 1: " + maxOrders);
        }
        this.maxOrders = maxOrders;
    }

    /**
     * @param orderId an order id.
     * @return the order, or null when it was never placed.
     */
    public PaymentOrder order(final long orderId)
    {
        return orders.get(orderId);
    }

    /**
     * @return orders placed.
     */
    public int orderCount()
    {
        return orders.size();
    }

    /**
     * @return orders the state holds at most.
     */
    public int maxOrders()
    {
        return maxOrders;
    }

    /**
     * @return every order, to read.
     */
    public Iterable<PaymentOrder> orders()
    {
        return orders.values();
    }

    /**
     * @param currency a currency's code.
     * @return everything captured in it, 0 for an unknown currency.
     */
    public long totalCaptured(final int currency)
    {
        final int slot = Currencies.slot(currency);
        return slot < 0 ? 0 : captured[slot];
    }

    /**
     * @param currency a currency's code.
     * @return everything refunded in it.
     */
    public long totalRefunded(final int currency)
    {
        final int slot = Currencies.slot(currency);
        return slot < 0 ? 0 : refunded[slot];
    }

    /**
     * @param currency a currency's code.
     * @return every fee withheld in it.
     */
    public long totalFees(final int currency)
    {
        final int slot = Currencies.slot(currency);
        return slot < 0 ? 0 : fees[slot];
    }

    /**
     * Checks the invariant: per currency, the totals equal the sums over the orders, and every order's amounts are
     * within their bounds (authorized within the amount, captured within authorized, refunded within captured, the
     * fee within the capture). May allocate; for tests and tools.
     *
     * @throws IllegalStateException naming the first breach.
     */
    public void checkInvariant()
    {
        final long[] net = new long[Currencies.COUNT];
        final long[] orderFees = new long[Currencies.COUNT];
        for (final PaymentOrder order : orders.values())
        {
            if (order.authorized < 0 || order.authorized > order.amount || order.captured > order.authorized ||
                order.refunded < 0 || order.refunded > order.captured || order.fees < 0 || order.fees > order.captured)
            {
                throw new IllegalStateException("order " + order.orderId + " is out of bounds: amount " +
                    order.amount + ", authorized " + order.authorized + ", captured " + order.captured +
                    ", refunded " + order.refunded + ", fees " + order.fees);
            }
            final int slot = Currencies.slot(order.currency);
            net[slot] += order.captured - order.refunded;
            orderFees[slot] += order.fees;
        }
        for (int slot = 0; slot < Currencies.COUNT; slot++)
        {
            if (captured[slot] - refunded[slot] != net[slot] || fees[slot] != orderFees[slot])
            {
                throw new IllegalStateException(Currencies.name(Currencies.code(slot)) + ": captured " +
                    captured[slot] + " - refunded " + refunded[slot] + " != " + net[slot] + " over its orders, or " +
                    "fees " + fees[slot] + " != " + orderFees[slot]);
            }
        }
    }

    Long2ObjectHashMap<PaymentOrder> orderMap()
    {
        return orders;
    }

    /**
     * The order of an event being applied. Handle only emits events for placed orders, so a miss means the
     * journal is corrupt or foreign: fail loudly rather than with a bare NullPointerException.
     */
    PaymentOrder requireOrder(final long orderId)
    {
        final PaymentOrder order = orders.get(orderId);
        if (order == null)
        {
            throw new IllegalStateException("event for order " + orderId + " that was never placed: corrupt journal?");
        }
        return order;
    }

    void place(final PaymentOrder order)
    {
        if (orders.putIfAbsent(order.orderId, order) != null)
        {
            throw new IllegalStateException("order " + order.orderId + " placed twice: corrupt journal?");
        }
    }
}
