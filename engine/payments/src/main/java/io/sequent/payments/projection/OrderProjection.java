package io.sequent.payments.projection;

import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import io.sequent.payments.codecs.FeeChargedDecoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderCancelledDecoder;
import io.sequent.payments.codecs.OrderPlacedDecoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.codecs.PaymentAuthorizedDecoder;
import io.sequent.payments.codecs.PaymentCapturedDecoder;
import io.sequent.payments.codecs.PaymentRefundedDecoder;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.function.ObjLongConsumer;

/**
 * Read model of orders, {@code orderId -> version, amounts, status}, in a persisted Chronicle Map that queries and
 * other processes read with {@link #open(Path)} while the server runs; the checkpoint is the entry of order id 0,
 * which no order has.
 * <p>
 * Replay after a crash delivers again the events past the checkpoint, and a journal event that an upcaster split in
 * two delivers both with one sequence, so each entry carries the sequence of the last event applied to it: an
 * event that sets a field (placed, authorized, captured, fee, cancelled) applies when its sequence is not older than
 * the entry's, the one that adds (a refund) only when it is newer.
 */
public final class OrderProjection extends ChronicleProjection<LongValue, OrderView>
{
    /** Orders the map is sized for by default. */
    public static final long DEFAULT_ENTRIES = 2_000_000;
    private static final long CHECKPOINT = 0;

    private static final ProjectionLayout<LongValue, OrderView> LAYOUT = ProjectionLayout
        .of("payment order", LongValue.class, OrderView.class)
        .checkpointKey(key -> key.setValue(CHECKPOINT))
        .sequence(OrderView::getSequence, OrderView::setSequence);

    private final ChronicleMap<LongValue, OrderView> map = map();
    private final LongValue key = newKey();
    private final OrderView value = newValue();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderPlacedDecoder placed = new OrderPlacedDecoder();
    private final PaymentAuthorizedDecoder authorized = new PaymentAuthorizedDecoder();
    private final PaymentCapturedDecoder captured = new PaymentCapturedDecoder();
    private final FeeChargedDecoder fee = new FeeChargedDecoder();
    private final PaymentRefundedDecoder refunded = new PaymentRefundedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();

    private OrderProjection(final Path file, final Access access, final long entries)
    {
        super(LAYOUT, file, access, entries);
    }

    /**
     * @param file    the map's file, created when absent, recovered when its last writer died.
     * @param entries orders to size the map for.
     * @return the projection, for the projector.
     */
    public static OrderProjection create(final Path file, final long entries)
    {
        return new OrderProjection(file, Access.WRITER, entries);
    }

    /**
     * @param file an existing projection file.
     * @return a view to read it.
     * @throws IllegalStateException when there is no projection at {@code file} or it cannot be read.
     */
    public static OrderProjection open(final Path file)
    {
        return new OrderProjection(file, Access.READER, DEFAULT_ENTRIES);
    }

    @Override
    protected void apply(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case OrderPlacedDecoder.TEMPLATE_ID ->
            {
                placed.wrap(buffer, body, blockLength, version);
                key.setValue(placed.orderId());
                if (map.getUsing(key, value) == null || value.getSequence() <= sequence)
                {
                    value.setVersion(placed.version());
                    value.setCustomerId(placed.customerId());
                    value.setAmount(placed.amount());
                    value.setCurrency(placed.currency());
                    value.setAuthorized(0);
                    value.setCaptured(0);
                    value.setRefunded(0);
                    value.setFees(0);
                    value.setStatus((byte)OrderStatus.PLACED.value());
                    store(sequence);
                }
            }
            case PaymentAuthorizedDecoder.TEMPLATE_ID ->
            {
                authorized.wrap(buffer, body, blockLength, version);
                if (load(authorized.orderId(), sequence, false))
                {
                    value.setAuthorized(authorized.amount());
                    value.setStatus((byte)OrderStatus.AUTHORIZED.value());
                    value.setVersion(authorized.version());
                    store(sequence);
                }
            }
            case PaymentCapturedDecoder.TEMPLATE_ID ->
            {
                captured.wrap(buffer, body, blockLength, version);
                if (load(captured.orderId(), sequence, false))
                {
                    value.setCaptured(captured.amount());
                    value.setStatus((byte)OrderStatus.CAPTURED.value());
                    value.setVersion(captured.version());
                    store(sequence);
                }
            }
            case FeeChargedDecoder.TEMPLATE_ID ->
            {
                fee.wrap(buffer, body, blockLength, version);
                if (load(fee.orderId(), sequence, false))
                {
                    // One capture per order, so one fee: setting it is the same as adding it, and idempotent.
                    value.setFees(fee.fee());
                    value.setVersion(fee.version());
                    store(sequence);
                }
            }
            case PaymentRefundedDecoder.TEMPLATE_ID ->
            {
                refunded.wrap(buffer, body, blockLength, version);
                if (load(refunded.orderId(), sequence, true))
                {
                    value.setRefunded(value.getRefunded() + refunded.amount());
                    if (value.getRefunded() == value.getCaptured())
                    {
                        value.setStatus((byte)OrderStatus.REFUNDED.value());
                    }
                    value.setVersion(refunded.version());
                    store(sequence);
                }
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                cancelled.wrap(buffer, body, blockLength, version);
                if (load(cancelled.orderId(), sequence, false))
                {
                    value.setStatus((byte)OrderStatus.CANCELLED.value());
                    value.setVersion(cancelled.version());
                    store(sequence);
                }
            }
            default ->
            {
                // Nothing else changes an order.
            }
        }
    }

    /**
     * @param adds whether the event adds to a field (then it must be newer than the entry, not just as new).
     * @return whether the event applies to the order's entry (the value is then loaded).
     */
    private boolean load(final long orderId, final long sequence, final boolean adds)
    {
        key.setValue(orderId);
        if (map.getUsing(key, value) == null)
        {
            return false;
        }
        return adds ? value.getSequence() < sequence : value.getSequence() <= sequence;
    }

    private void store(final long sequence)
    {
        value.setSequence(sequence);
        map.put(key, value);
    }

    /**
     * Reads one order into a caller's view (reuse it: no allocation).
     *
     * @param orderId the order.
     * @param into    a view from {@link #newView()}.
     * @return true when the order is known.
     */
    public boolean read(final long orderId, final OrderView into)
    {
        key.setValue(orderId);
        return orderId != CHECKPOINT && map.getUsing(key, into) != null;
    }

    /**
     * Visits every order (allocates: for tools and tests).
     *
     * @param visitor takes each order's view and id.
     */
    public void forEach(final ObjLongConsumer<OrderView> visitor)
    {
        map.forEachEntry(entry ->
        {
            final long orderId = entry.key().get().getValue();
            if (orderId != CHECKPOINT)
            {
                visitor.accept(entry.value().get(), orderId);
            }
        });
    }

    /**
     * @return a reusable view for {@link #read}.
     */
    public static OrderView newView()
    {
        return Values.newHeapInstance(OrderView.class);
    }
}
