package io.sequent.exchange.projection;

import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;

import java.nio.file.Path;

/**
 * Read model of orders, {@code orderId -> status, filled, remaining, price}, in a persisted Chronicle Map that
 * other threads and processes read with {@link #open(Path)} while the server runs. Like {@link BalanceProjection},
 * every entry carries the sequence of the last event applied to it, so replay after a crash never counts twice;
 * the checkpoint is the entry of order id 0, which no order has.
 */
public final class OrderProjection extends ChronicleProjection<LongValue, OrderView>
{
    /** Orders the map is sized for by default: it keeps finished orders too. */
    public static final long DEFAULT_ENTRIES = 2_000_000;
    private static final long CHECKPOINT = 0;

    private static final ProjectionLayout<LongValue, OrderView> LAYOUT = ProjectionLayout
        .of("order", LongValue.class, OrderView.class)
        .checkpointKey(key -> key.setValue(CHECKPOINT))
        .sequence(OrderView::getSequence, OrderView::setSequence)
        // Files written before the exchange was split into packages name the type so.
        .formerTypeName(OrderView.class, "io.sequent.exchange.OrderView");

    private final ChronicleMap<LongValue, OrderView> map = map();
    private final LongValue key = newKey();
    private final OrderView value = newValue();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final TradeExecutedDecoder trade = new TradeExecutedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder amended = new OrderAmendedDecoder();

    private OrderProjection(final Path file, final Access access, final long entries)
    {
        super(LAYOUT, file, access, entries);
    }

    /**
     * @param file    the map's file, created when absent, recovered when its last writer died.
     * @param entries orders to size the map for, finished ones included.
     * @return the projection, for the projector.
     * @throws IllegalStateException saying which file and what to do, when it cannot be created or is damaged, or
     *                               when another writer has it open.
     */
    public static OrderProjection create(final Path file, final long entries)
    {
        return new OrderProjection(file, Access.WRITER, entries);
    }

    /**
     * @param file an existing projection file.
     * @return a view to read it; its {@link #lastAppliedSequence()} is the writer's last checkpoint.
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
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID ->
            {
                accepted.wrap(buffer, body, header.blockLength(), header.version());
                if (load(accepted.orderId(), sequence, true))
                {
                    value.setStatus(OrderView.LIVE);
                    value.setAccountId(accepted.accountId());
                    value.setInstrumentId(accepted.instrumentId());
                    value.setBuy(accepted.side() == Side.BUY);
                    value.setPrice(accepted.price());
                    value.setFilled(0);
                    value.setRemaining(accepted.quantity());
                    store(sequence);
                }
            }
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, body, header.blockLength(), header.version());
                fill(trade.makerOrderId(), trade.quantity(), sequence);
                fill(trade.takerOrderId(), trade.quantity(), sequence);
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                cancelled.wrap(buffer, body, header.blockLength(), header.version());
                if (load(cancelled.orderId(), sequence, false))
                {
                    value.setStatus(OrderView.CANCELLED);
                    value.setRemaining(cancelled.remainingQuantity());
                    store(sequence);
                }
            }
            case OrderAmendedDecoder.TEMPLATE_ID ->
            {
                amended.wrap(buffer, body, header.blockLength(), header.version());
                if (load(amended.orderId(), sequence, false))
                {
                    value.setPrice(amended.newPrice());
                    value.setRemaining(amended.newQuantity());
                    store(sequence);
                }
            }
            default ->
            {
                // Events that change no order have nothing to project here.
            }
        }
    }

    private void fill(final long orderId, final long quantity, final long sequence)
    {
        if (load(orderId, sequence, false))
        {
            value.setFilled(value.getFilled() + quantity);
            value.setRemaining(value.getRemaining() - quantity);
            if (value.getRemaining() == 0)
            {
                value.setStatus(OrderView.FILLED);
            }
            store(sequence);
        }
    }

    /**
     * @return whether the event at {@code sequence} is new for this order (the value is then loaded).
     */
    private boolean load(final long orderId, final long sequence, final boolean creating)
    {
        key.setValue(orderId);
        if (map.getUsing(key, value) == null)
        {
            return creating;
        }
        return value.getSequence() < sequence;
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
     * @return a reusable view for {@link #read}.
     */
    public static OrderView newView()
    {
        return Values.newHeapInstance(OrderView.class);
    }
}
