package io.sequent.payments.domain;

import io.sequent.payments.codecs.OrderStatus;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The payments state's snapshot format: every order in id order, then the per-currency totals, so equal states give
 * equal bytes. Reading checks the totals against the orders (the invariant), so a snapshot that does not hold it is
 * refused and recovery falls back to an older one or to the journal.
 */
final class PaymentsSnapshot
{
    private static final int FORMAT = 1;

    private PaymentsSnapshot()
    {
    }

    static void write(final PaymentsState state, final long[] sortedIds, final DataOutput out) throws IOException
    {
        out.writeInt(FORMAT);
        out.writeInt(sortedIds.length);
        for (final long id : sortedIds)
        {
            final PaymentOrder order = state.order(id);
            out.writeLong(order.orderId);
            out.writeLong(order.customerId);
            out.writeShort(order.currency);
            out.writeLong(order.amount);
            out.writeLong(order.version);
            out.writeByte(order.status.value());
            out.writeLong(order.authorized);
            out.writeLong(order.captured);
            out.writeLong(order.refunded);
            out.writeLong(order.fees);
        }
        out.writeInt(Currencies.COUNT);
        for (int slot = 0; slot < Currencies.COUNT; slot++)
        {
            out.writeShort(Currencies.code(slot));
            out.writeLong(state.captured[slot]);
            out.writeLong(state.refunded[slot]);
            out.writeLong(state.fees[slot]);
        }
    }

    static PaymentsState read(final PaymentsState state, final DataInput in) throws IOException
    {
        final int format = in.readInt();
        if (format != FORMAT)
        {
            throw new IOException("payments snapshot format " + format + ", this code reads " + FORMAT);
        }
        final int orders = in.readInt();
        if (orders < 0 || orders > state.maxOrders())
        {
            throw new IOException("payments snapshot holds " + orders + " orders, more than the " +
                state.maxOrders() + " configured");
        }
        for (int i = 0; i < orders; i++)
        {
            final PaymentOrder order = new PaymentOrder(in.readLong(), in.readLong(), in.readUnsignedShort(),
                in.readLong());
            order.version = in.readLong();
            order.status = status(in.readUnsignedByte());
            order.authorized = in.readLong();
            order.captured = in.readLong();
            order.refunded = in.readLong();
            order.fees = in.readLong();
            if (Currencies.slot(order.currency) < 0)
            {
                throw new IOException("payments snapshot order " + order.orderId + " has currency " +
                    order.currency + " and status " + order.status);
            }
            state.place(order);
        }
        final int currencies = in.readInt();
        for (int i = 0; i < currencies; i++)
        {
            final int slot = Currencies.slot(in.readUnsignedShort());
            if (slot < 0)
            {
                throw new IOException("payments snapshot has totals for a currency this code does not know");
            }
            state.captured[slot] = in.readLong();
            state.refunded[slot] = in.readLong();
            state.fees[slot] = in.readLong();
        }
        try
        {
            state.checkInvariant();
        }
        catch (final IllegalStateException ex)
        {
            throw new IOException("payments snapshot breaks the invariant: " + ex.getMessage(), ex);
        }
        return state;
    }

    private static OrderStatus status(final int value) throws IOException
    {
        final OrderStatus status = value == OrderStatus.NULL_VAL.value() ? null : statusOrNull((short)value);
        if (status == null)
        {
            throw new IOException("payments snapshot has an order of status " + value);
        }
        return status;
    }

    private static OrderStatus statusOrNull(final short value)
    {
        try
        {
            return OrderStatus.get(value);
        }
        catch (final IllegalArgumentException ex)
        {
            return null;
        }
    }
}
