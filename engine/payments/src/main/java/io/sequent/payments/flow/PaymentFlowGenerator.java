package io.sequent.payments.flow;

import io.sequent.payments.command.PaymentCommands;
import io.sequent.payments.domain.Currencies;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded random payments workload, the same for the same seed: orders are placed, authorized, captured (with a
 * fee, often), refunded in parts, or cancelled, interleaved across many orders; and about one command in eight is
 * bad on purpose, as real clients' are: a capture before the authorization, a second capture, a refund above what is
 * left, a stale expected version, an unknown or cancelled order, an amount of zero, a fee above the capture. Each
 * command expects the version the generator's own bookkeeping predicts, so the valid ones are accepted.
 * <p>
 * Used by the tests (against a reference model) and by {@code sequent demo --domain payments}. The generator also
 * says what the valid commands add up to, per currency, so a run can check the invariant against it.
 */
public final class PaymentFlowGenerator
{
    /** Order ids start here. */
    public static final long FIRST_ORDER_ID = 1_000;

    private static final int[] CURRENCIES = { Currencies.USD, Currencies.EUR, Currencies.GBP, Currencies.JPY,
        Currencies.BHD };
    private static final int LIVE_TARGET = 64;

    private final Random random;
    private final int customers;
    private final PaymentCommands commands = new PaymentCommands();
    private final Long2ObjectHashMap<Planned> orders = new Long2ObjectHashMap<>();
    private final LongArrayList live = new LongArrayList();
    private final LongArrayList cancelled = new LongArrayList();
    private long nextOrderId = FIRST_ORDER_ID;

    /**
     * @param seed      of the random choices.
     * @param customers customers placing orders, ids 1 to this.
     */
    public PaymentFlowGenerator(final long seed, final int customers)
    {
        if (customers < 1)
        {
            throw new IllegalArgumentException("customers must be at least 1: " + customers);
        }
        this.random = new Random(seed);
        this.customers = customers;
    }

    /**
     * @param count commands to generate.
     * @return the commands, encoded, with what the valid ones add up to.
     */
    public Flow generate(final int count)
    {
        final Flow flow = new Flow(count);
        while (flow.count() < count)
        {
            if (live.isEmpty() || (live.size() < LIVE_TARGET && random.nextInt(4) == 0))
            {
                place(flow);
            }
            else if (random.nextInt(8) == 0)
            {
                bad(flow);
            }
            else
            {
                next(flow, orders.get(live.getLong(random.nextInt(live.size()))));
            }
        }
        return flow;
    }

    private void place(final Flow flow)
    {
        final long orderId = nextOrderId++;
        final int currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        final long amount = 100 + random.nextInt(1_000_000);
        final Planned order = new Planned(orderId, currency, amount);
        orders.put(orderId, order);
        live.addLong(orderId);
        order.version = 1;
        flow.add(commands.placeOrder(flow.at(), 0, orderId, 0, 1 + random.nextInt(customers), amount, currency),
            true);
    }

    private void next(final Flow flow, final Planned order)
    {
        final long id = order.orderId;
        switch (order.status)
        {
            case PLACED ->
            {
                if (random.nextInt(10) == 0)
                {
                    cancel(flow, order);
                }
                else
                {
                    final long amount = random.nextInt(4) == 0 ? 1 + random.nextLong(order.amount) : order.amount;
                    flow.add(commands.authorizePayment(flow.at(), 0, id, order.version, amount), true);
                    order.authorized = amount;
                    order.status = Step.AUTHORIZED;
                    order.version++;
                }
            }
            case AUTHORIZED ->
            {
                if (random.nextInt(7) == 0)
                {
                    cancel(flow, order);
                }
                else
                {
                    final long amount = random.nextInt(3) == 0 ?
                        1 + random.nextLong(order.authorized) : order.authorized;
                    final long fee = random.nextInt(3) == 0 ? 0 : amount * random.nextInt(4) / 100;
                    flow.add(commands.capturePayment(flow.at(), 0, id, order.version, amount, fee), true);
                    order.captured = amount;
                    order.status = Step.CAPTURED;
                    order.version++;
                    flow.captured(order.currency, amount, fee);
                }
            }
            default ->
            {
                final long refundable = order.captured - order.refunded;
                if (refundable == 0 || random.nextInt(3) == 0)
                {
                    live.removeLong(id); // done: kept, never touched again by valid commands
                    flow.add(-1, true);
                    return;
                }
                final long amount = random.nextInt(3) == 0 ? refundable : 1 + random.nextLong(refundable);
                flow.add(commands.refundPayment(flow.at(), 0, id, order.version, amount), true);
                order.refunded += amount;
                order.version++;
                flow.refunded(order.currency, amount);
            }
        }
    }

    private void cancel(final Flow flow, final Planned order)
    {
        flow.add(commands.cancelOrder(flow.at(), 0, order.orderId, order.version), true);
        order.version++;
        order.status = Step.CANCELLED;
        live.removeLong(order.orderId);
        cancelled.addLong(order.orderId);
    }

    /**
     * One bad command, which the generator's bookkeeping does not count: the domain must reject it.
     */
    private void bad(final Flow flow)
    {
        final Planned order = orders.get(live.getLong(random.nextInt(live.size())));
        final long id = order.orderId;
        final int length = switch (random.nextInt(9))
        {
            // A stale (or future) expected version: somebody else changed the order.
            case 0 -> commands.refundPayment(flow.at(), 0, id, order.version + (random.nextBoolean() ? -1 : 1), 1);
            // Out of order for where the order is.
            case 1 -> order.status == Step.PLACED ?
                commands.capturePayment(flow.at(), 0, id, order.version, 1, 0) :
                commands.authorizePayment(flow.at(), 0, id, order.version, 1);
            case 2 -> order.status == Step.CAPTURED ?
                commands.capturePayment(flow.at(), 0, id, order.version, 1, 0) :
                commands.refundPayment(flow.at(), 0, id, order.version, 1);
            case 3 -> order.status == Step.CAPTURED ?
                commands.refundPayment(flow.at(), 0, id, order.version, order.captured - order.refunded + 1) :
                commands.cancelOrder(flow.at(), 0, nextOrderId + 1_000, 1);
            case 4 -> commands.authorizePayment(flow.at(), 0, id, order.version, 0);
            case 5 -> order.status == Step.AUTHORIZED ?
                commands.capturePayment(flow.at(), 0, id, order.version, order.authorized, order.authorized + 1) :
                commands.placeOrder(flow.at(), 0, id, 0, 1, 100, Currencies.USD);
            case 6 -> order.status == Step.AUTHORIZED ?
                commands.capturePayment(flow.at(), 0, id, order.version, order.authorized + 1, 0) :
                commands.placeOrder(flow.at(), 0, nextOrderId + 2_000, 0, 1, 100, 999);
            case 7 -> cancelled.isEmpty() ?
                commands.cancelOrder(flow.at(), 0, -id, 1) :
                authorizeCancelled(flow, cancelled.getLong(random.nextInt(cancelled.size())));
            default -> commands.placeOrder(flow.at(), 0, nextOrderId + 3_000, 1, 1, 100, Currencies.EUR);
        };
        flow.add(length, false);
    }

    private int authorizeCancelled(final Flow flow, final long orderId)
    {
        return commands.authorizePayment(flow.at(), 0, orderId, orders.get(orderId).version, 1);
    }

    private enum Step
    {
        PLACED, AUTHORIZED, CAPTURED, CANCELLED
    }

    /**
     * What the generator expects of one order.
     */
    private static final class Planned
    {
        final long orderId;
        final int currency;
        final long amount;
        long version;
        Step status = Step.PLACED;
        long authorized;
        long captured;
        long refunded;

        Planned(final long orderId, final int currency, final long amount)
        {
            this.orderId = orderId;
            this.currency = currency;
            this.amount = amount;
        }
    }

    /**
     * The generated commands, one after another in a buffer, and what the valid ones add up to.
     */
    public static final class Flow
    {
        private UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
        private int[] offsets;
        private int[] lengths;
        private boolean[] valid;
        private int count;
        private int limit;
        private int intendedRejects;
        private final long[] captured = new long[Currencies.COUNT];
        private final long[] refunded = new long[Currencies.COUNT];
        private final long[] fees = new long[Currencies.COUNT];

        Flow(final int capacity)
        {
            offsets = new int[capacity];
            lengths = new int[capacity];
            valid = new boolean[capacity];
        }

        /**
         * Where the next command is written: room for the longest one.
         */
        UnsafeBuffer at()
        {
            if (buffer.capacity() - limit < 128)
            {
                final byte[] bigger = Arrays.copyOf(buffer.byteArray(), buffer.capacity() * 2);
                buffer = new UnsafeBuffer(bigger);
            }
            return new UnsafeBuffer(buffer, limit, buffer.capacity() - limit);
        }

        /**
         * @param length of the command just written at {@link #at()}, or -1 for none this step.
         * @param ok     whether the generator expects it accepted.
         */
        void add(final int length, final boolean ok)
        {
            if (length < 0)
            {
                return;
            }
            offsets[count] = limit;
            lengths[count] = length;
            valid[count] = ok;
            count++;
            limit += length;
            intendedRejects += ok ? 0 : 1;
        }

        void captured(final int currency, final long amount, final long fee)
        {
            captured[Currencies.slot(currency)] += amount;
            fees[Currencies.slot(currency)] += fee;
        }

        void refunded(final int currency, final long amount)
        {
            refunded[Currencies.slot(currency)] += amount;
        }

        /**
         * @return the buffer holding every command.
         */
        public UnsafeBuffer buffer()
        {
            return buffer;
        }

        /**
         * @param index of a command.
         * @return its offset in {@link #buffer()}.
         */
        public int offset(final int index)
        {
            return offsets[index];
        }

        /**
         * @param index of a command.
         * @return its length.
         */
        public int length(final int index)
        {
            return lengths[index];
        }

        /**
         * @param index of a command.
         * @return whether the generator meant it to be accepted (false: bad on purpose).
         */
        public boolean meantValid(final int index)
        {
            return valid[index];
        }

        /**
         * @return commands generated.
         */
        public int count()
        {
            return count;
        }

        /**
         * @return commands that are bad on purpose.
         */
        public int intendedRejects()
        {
            return intendedRejects;
        }

        /**
         * @param currency a currency's code.
         * @return what the valid commands capture in it.
         */
        public long captured(final int currency)
        {
            return captured[Currencies.slot(currency)];
        }

        /**
         * @param currency a currency's code.
         * @return what the valid commands refund in it.
         */
        public long refunded(final int currency)
        {
            return refunded[Currencies.slot(currency)];
        }

        /**
         * @param currency a currency's code.
         * @return the fees the valid commands withhold in it.
         */
        public long fees(final int currency)
        {
            return fees[Currencies.slot(currency)];
        }
    }
}
