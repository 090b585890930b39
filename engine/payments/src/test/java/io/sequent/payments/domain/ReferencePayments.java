package io.sequent.payments.domain;

import io.sequent.codecs.RejectReason;
import io.sequent.payments.codecs.AuthorizePaymentDecoder;
import io.sequent.payments.codecs.CancelOrderDecoder;
import io.sequent.payments.codecs.CapturePaymentDecoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.PlaceOrderDecoder;
import io.sequent.payments.codecs.RefundPaymentDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent, deliberately plain model of the payments workflow, written from the specification (the schema's
 * and {@code PaymentRules}' documentation) rather than from the domain's code: boxed maps, strings for stages, one
 * method per command. It answers each command with what the domain must emit, as text ({@link EventText}'s form),
 * or {@code REJECT reason detail}, and keeps its own totals per currency.
 */
public final class ReferencePayments
{
    private static final Set<Integer> CURRENCIES = Set.of(840, 978, 826, 756, 392, 48);

    private final Map<Long, Order> orders = new HashMap<>();
    private final Map<Integer, Long> captured = new HashMap<>();
    private final Map<Integer, Long> refunded = new HashMap<>();
    private final Map<Integer, Long> fees = new HashMap<>();
    private final int maxOrders;

    /**
     * @param maxOrders orders it takes at most.
     */
    public ReferencePayments(final int maxOrders)
    {
        this.maxOrders = maxOrders;
    }

    private static final class Order
    {
        final int currency;
        final long amount;
        long version = 1;
        String stage = "placed";
        long authorized;
        long captured;
        long refunded;
        long fee;

        Order(final int currency, final long amount)
        {
            this.currency = currency;
            this.amount = amount;
        }
    }

    /**
     * @param buffer holding one command, from its SBE header.
     * @param offset where it starts.
     * @return the events and result the command must give, or its rejection.
     */
    public List<String> execute(final DirectBuffer buffer, final int offset)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int block = header.blockLength();
        final int version = header.version();
        final List<String> out = new ArrayList<>();
        switch (header.templateId())
        {
            case PlaceOrderDecoder.TEMPLATE_ID ->
            {
                final PlaceOrderDecoder d = new PlaceOrderDecoder().wrap(buffer, body, block, version);
                place(d.orderId(), d.expectedVersion(), d.customerId(), d.amount(), d.currency(), out);
            }
            case AuthorizePaymentDecoder.TEMPLATE_ID ->
            {
                final AuthorizePaymentDecoder d = new AuthorizePaymentDecoder().wrap(buffer, body, block, version);
                authorize(d.orderId(), d.expectedVersion(), d.amount(), out);
            }
            case CapturePaymentDecoder.TEMPLATE_ID ->
            {
                final CapturePaymentDecoder d = new CapturePaymentDecoder().wrap(buffer, body, block, version);
                capture(d.orderId(), d.expectedVersion(), d.amount(), d.fee(), out);
            }
            case RefundPaymentDecoder.TEMPLATE_ID ->
            {
                final RefundPaymentDecoder d = new RefundPaymentDecoder().wrap(buffer, body, block, version);
                refund(d.orderId(), d.expectedVersion(), d.amount(), out);
            }
            case CancelOrderDecoder.TEMPLATE_ID ->
            {
                final CancelOrderDecoder d = new CancelOrderDecoder().wrap(buffer, body, block, version);
                cancel(d.orderId(), d.expectedVersion(), out);
            }
            default -> reject(out, RejectReason.UNKNOWN_COMMAND, 0);
        }
        return out;
    }

    private static void reject(final List<String> out, final int reason, final long detail)
    {
        out.add("REJECT " + PaymentsReasons.name(reason) + " " + detail);
    }

    private void place(final long id, final long expected, final long customer, final long amount,
        final int currency, final List<String> out)
    {
        if (id <= 0)
        {
            reject(out, PaymentsReasons.INVALID_ORDER_ID, 0);
        }
        else if (orders.containsKey(id))
        {
            reject(out, PaymentsReasons.ORDER_EXISTS, orders.get(id).version);
        }
        else if (expected != 0)
        {
            reject(out, PaymentsReasons.VERSION_CONFLICT, 0);
        }
        else if (customer <= 0)
        {
            reject(out, PaymentsReasons.INVALID_CUSTOMER, 0);
        }
        else if (amount <= 0)
        {
            reject(out, PaymentsReasons.NON_POSITIVE_AMOUNT, 0);
        }
        else if (!CURRENCIES.contains(currency))
        {
            reject(out, PaymentsReasons.UNKNOWN_CURRENCY, 0);
        }
        else if (orders.size() >= maxOrders)
        {
            reject(out, PaymentsReasons.TOO_MANY_ORDERS, 0);
        }
        else
        {
            orders.put(id, new Order(currency, amount));
            out.add("Placed " + id + " v1 customer " + customer + " " + amount + " " + currency);
            out.add("Accepted " + id + " v1");
        }
    }

    /**
     * The checks every command on an existing order starts with.
     */
    private Order existing(final long id, final long expected, final List<String> out)
    {
        if (id <= 0)
        {
            reject(out, PaymentsReasons.INVALID_ORDER_ID, 0);
            return null;
        }
        final Order order = orders.get(id);
        if (order == null)
        {
            reject(out, PaymentsReasons.UNKNOWN_ORDER, 0);
            return null;
        }
        if (order.version != expected)
        {
            reject(out, PaymentsReasons.VERSION_CONFLICT, order.version);
            return null;
        }
        if (order.stage.equals("cancelled"))
        {
            reject(out, PaymentsReasons.ORDER_CANCELLED, 0);
            return null;
        }
        return order;
    }

    private void authorize(final long id, final long expected, final long amount, final List<String> out)
    {
        final Order order = existing(id, expected, out);
        if (order == null)
        {
            return;
        }
        switch (order.stage)
        {
            case "authorized" -> reject(out, PaymentsReasons.ALREADY_AUTHORIZED, 0);
            case "captured" -> reject(out, PaymentsReasons.ALREADY_CAPTURED, 0);
            default ->
            {
                if (amount <= 0)
                {
                    reject(out, PaymentsReasons.NON_POSITIVE_AMOUNT, 0);
                }
                else if (amount > order.amount)
                {
                    reject(out, PaymentsReasons.EXCEEDS_ORDER_AMOUNT, 0);
                }
                else
                {
                    order.version++;
                    order.stage = "authorized";
                    order.authorized = amount;
                    out.add(EventText.text("Authorized", id, order.version, amount, order.currency));
                    out.add("Accepted " + id + " v" + order.version);
                }
            }
        }
    }

    private void capture(final long id, final long expected, final long amount, final long fee,
        final List<String> out)
    {
        final Order order = existing(id, expected, out);
        if (order == null)
        {
            return;
        }
        if (order.stage.equals("placed"))
        {
            reject(out, PaymentsReasons.NOT_AUTHORIZED, 0);
        }
        else if (order.stage.equals("captured"))
        {
            reject(out, PaymentsReasons.ALREADY_CAPTURED, 0);
        }
        else if (amount <= 0)
        {
            reject(out, PaymentsReasons.NON_POSITIVE_AMOUNT, 0);
        }
        else if (amount > order.authorized)
        {
            reject(out, PaymentsReasons.EXCEEDS_AUTHORIZED, 0);
        }
        else if (fee < 0 || fee > amount)
        {
            reject(out, PaymentsReasons.INVALID_FEE, 0);
        }
        else if (overflows(captured, order.currency, amount) || overflows(fees, order.currency, fee))
        {
            reject(out, PaymentsReasons.ARITHMETIC_OVERFLOW, 0);
        }
        else
        {
            order.version++;
            order.stage = "captured";
            order.captured = amount;
            order.fee = fee;
            captured.merge(order.currency, amount, Long::sum);
            fees.merge(order.currency, fee, Long::sum);
            out.add(EventText.text("Captured", id, order.version, amount, order.currency));
            if (fee != 0)
            {
                out.add(EventText.text("Fee", id, order.version, fee, order.currency));
            }
            out.add("Accepted " + id + " v" + order.version);
        }
    }

    private static boolean overflows(final Map<Integer, Long> totals, final int currency, final long amount)
    {
        try
        {
            Math.addExact(totals.getOrDefault(currency, 0L), amount);
            return false;
        }
        catch (final ArithmeticException ex)
        {
            return true;
        }
    }

    private void refund(final long id, final long expected, final long amount, final List<String> out)
    {
        final Order order = existing(id, expected, out);
        if (order == null)
        {
            return;
        }
        if (!order.stage.equals("captured"))
        {
            reject(out, PaymentsReasons.NOT_CAPTURED, 0);
        }
        else if (amount <= 0)
        {
            reject(out, PaymentsReasons.NON_POSITIVE_AMOUNT, 0);
        }
        else if (amount > order.captured - order.refunded)
        {
            reject(out, PaymentsReasons.EXCEEDS_CAPTURED, order.captured - order.refunded);
        }
        else
        {
            order.version++;
            order.refunded += amount;
            refunded.merge(order.currency, amount, Long::sum);
            out.add(EventText.text("Refunded", id, order.version, amount, order.currency));
            out.add("Accepted " + id + " v" + order.version);
        }
    }

    private void cancel(final long id, final long expected, final List<String> out)
    {
        final Order order = existing(id, expected, out);
        if (order == null)
        {
            return;
        }
        if (order.stage.equals("captured"))
        {
            reject(out, PaymentsReasons.ALREADY_CAPTURED, 0);
        }
        else
        {
            order.version++;
            order.stage = "cancelled";
            out.add("Cancelled " + id + " v" + order.version);
            out.add("Accepted " + id + " v" + order.version);
        }
    }

    /**
     * @param currency a currency's code.
     * @return captured minus refunded in it, by this model's own count.
     */
    public long net(final int currency)
    {
        return captured.getOrDefault(currency, 0L) - refunded.getOrDefault(currency, 0L);
    }

    /**
     * @param currency a currency's code.
     * @return fees withheld in it.
     */
    public long fees(final int currency)
    {
        return fees.getOrDefault(currency, 0L);
    }

    /**
     * Checks one order of the domain's state against this model's.
     *
     * @param order the domain's order.
     * @return null when they agree, else what differs.
     */
    public String compare(final PaymentOrder order)
    {
        final Order mine = orders.get(order.orderId());
        if (mine == null)
        {
            return "order " + order.orderId() + " unknown to the model";
        }
        final String stage = switch (order.status())
        {
            case PLACED -> "placed";
            case AUTHORIZED -> "authorized";
            case CAPTURED, REFUNDED -> "captured";
            default -> "cancelled";
        };
        final boolean same = mine.version == order.version() && mine.stage.equals(stage) &&
            mine.authorized == order.authorized() && mine.captured == order.captured() &&
            mine.refunded == order.refunded() && mine.fee == order.fees() && mine.amount == order.amount() &&
            mine.currency == order.currency() &&
            (order.status() != io.sequent.payments.codecs.OrderStatus.REFUNDED || mine.refunded == mine.captured);
        return same ? null : "order " + order.orderId() + " differs: model v" + mine.version + " " + mine.stage;
    }

    /**
     * @return orders placed.
     */
    public int orderCount()
    {
        return orders.size();
    }
}
