package io.sequent.exchange.projection;

import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.codecs.exchange.OrderAmendedDecoder;
import io.sequent.codecs.exchange.OrderCancelledDecoder;
import io.sequent.codecs.exchange.Side;
import io.sequent.codecs.exchange.TradeExecutedDecoder;
import io.sequent.engine.projection.ChronicleProjection;
import io.sequent.engine.projection.ProjectionLayout;
import io.sequent.exchange.book.LevelTotals;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Read model of the best bid and ask (price and open quantity) per instrument, in a persisted Chronicle Map that
 * other processes read with {@link #open(Path)} while the server runs.
 * <p>
 * Events alone do not say what the next best price is when the best level empties, so the projection keeps, in
 * memory, the open quantity per price and the live orders' prices. That index is not persisted: the projection
 * reports 0 as its last applied sequence and is rebuilt from the whole journal at each start (one pass over the
 * journal, before the gateway opens), which also makes it exact after any crash. The map is written once per
 * batch, for the instruments that changed, then the sequence reached is published as the checkpoint, under a key
 * no instrument has, so that readers know how far the map is ({@link #publishedSequence()}).
 */
public final class TopOfBookProjection extends ChronicleProjection<LongValue, TopOfBook>
{
    /** Instruments the map is sized for by default. */
    public static final long DEFAULT_ENTRIES = 10_000;

    /** Key of the published sequence: instrument ids are int32, so no instrument has it. */
    private static final long PUBLISHED_KEY = Long.MIN_VALUE;

    private static final ProjectionLayout<LongValue, TopOfBook> LAYOUT = ProjectionLayout
        .of("top-of-book", LongValue.class, TopOfBook.class)
        .checkpointKey(key -> key.setValue(PUBLISHED_KEY))
        .sequence(TopOfBook::getSequence, TopOfBook::setSequence)
        .rebuiltAtStart()
        // Files written before the exchange was split into packages name the type so.
        .formerTypeName(TopOfBook.class, "io.sequent.exchange.TopOfBook");

    private final ChronicleMap<LongValue, TopOfBook> map = map();
    private final LongValue key = newKey();
    private final TopOfBook value = newValue();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder accepted = new OrderAcceptedDecoder();
    private final TradeExecutedDecoder trade = new TradeExecutedDecoder();
    private final OrderCancelledDecoder cancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder amended = new OrderAmendedDecoder();
    private final Int2ObjectHashMap<Book> books = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Resting> orders = new Long2ObjectHashMap<>();
    private final ArrayDeque<Resting> pool = new ArrayDeque<>();
    private final List<Book> dirty = new ArrayList<>();

    private static final class Book
    {
        final int instrumentId;
        final LevelTotals bids = new LevelTotals(true);
        final LevelTotals asks = new LevelTotals(false);
        boolean dirty;

        Book(final int instrumentId)
        {
            this.instrumentId = instrumentId;
        }
    }

    private static final class Resting
    {
        Book book;
        boolean buy;
        long price;
        long remaining;
    }

    private TopOfBookProjection(final Path file, final Access access, final long entries)
    {
        super(LAYOUT, file, access, entries);
    }

    /**
     * @param file    the map's file, created when absent.
     * @param entries instruments to size the map for.
     * @return the projection, for the projector: it reports 0 as its last applied sequence, so the engine replays
     *         the whole journal to it at start.
     * @throws IllegalStateException saying which file and what to do, when it cannot be created or is damaged, or
     *                               when another writer has it open.
     */
    public static TopOfBookProjection create(final Path file, final long entries)
    {
        return new TopOfBookProjection(file, Access.WRITER, entries);
    }

    /**
     * @param file an existing projection file.
     * @return a view to read it; its {@link #lastAppliedSequence()} is the writer's {@link #publishedSequence()}.
     * @throws IllegalStateException when there is no projection at {@code file} or it cannot be read.
     */
    public static TopOfBookProjection open(final Path file)
    {
        return new TopOfBookProjection(file, Access.READER, DEFAULT_ENTRIES);
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
                final Resting order = pool.isEmpty() ? new Resting() : pool.pop();
                order.book = book(accepted.instrumentId());
                order.buy = accepted.side() == Side.BUY;
                order.price = accepted.price();
                order.remaining = accepted.quantity();
                orders.put(accepted.orderId(), order);
                change(order, order.remaining);
            }
            case TradeExecutedDecoder.TEMPLATE_ID ->
            {
                trade.wrap(buffer, body, header.blockLength(), header.version());
                reduce(trade.makerOrderId(), trade.quantity());
                reduce(trade.takerOrderId(), trade.quantity());
            }
            case OrderCancelledDecoder.TEMPLATE_ID ->
            {
                cancelled.wrap(buffer, body, header.blockLength(), header.version());
                final Resting order = orders.get(cancelled.orderId());
                reduce(cancelled.orderId(), order.remaining);
            }
            case OrderAmendedDecoder.TEMPLATE_ID ->
            {
                amended.wrap(buffer, body, header.blockLength(), header.version());
                final Resting order = orders.get(amended.orderId());
                change(order, -order.remaining);
                order.price = amended.newPrice();
                order.remaining = amended.newQuantity();
                change(order, order.remaining);
            }
            default ->
            {
                // Events that change no book have nothing to project here.
            }
        }
    }

    private Book book(final int instrumentId)
    {
        Book book = books.get(instrumentId);
        if (book == null)
        {
            book = new Book(instrumentId);
            books.put(instrumentId, book);
        }
        return book;
    }

    private void reduce(final long orderId, final long quantity)
    {
        final Resting order = orders.get(orderId);
        change(order, -quantity);
        order.remaining -= quantity;
        if (order.remaining == 0)
        {
            orders.remove(orderId);
            order.book = null;
            pool.push(order);
        }
    }

    private void change(final Resting order, final long delta)
    {
        final Book book = order.book;
        (order.buy ? book.bids : book.asks).add(order.price, delta);
        if (!book.dirty)
        {
            book.dirty = true;
            dirty.add(book);
        }
    }

    /**
     * Writes the instruments whose best prices changed in the batch, once each; the checkpoint written after them
     * says how far they are.
     */
    @Override
    protected void flushBatch(final long position)
    {
        for (int i = 0; i < dirty.size(); i++)
        {
            final Book book = dirty.get(i);
            book.dirty = false;
            key.setValue(book.instrumentId);
            value.setBidPrice(book.bids.bestPrice());
            value.setBidQuantity(book.bids.bestQuantity());
            value.setAskPrice(book.asks.bestPrice());
            value.setAskQuantity(book.asks.bestQuantity());
            value.setSequence(position);
            map.put(key, value);
        }
        dirty.clear();
    }

    /**
     * Reads one instrument's top of book into a caller's view (reuse it: no allocation).
     *
     * @param instrumentId the instrument.
     * @param into         a view from {@link #newView()}.
     * @return true when the instrument has had orders.
     */
    public boolean read(final int instrumentId, final TopOfBook into)
    {
        key.setValue(instrumentId);
        return map.getUsing(key, into) != null;
    }

    /**
     * @return a reusable view for {@link #read}.
     */
    public static TopOfBook newView()
    {
        return Values.newHeapInstance(TopOfBook.class);
    }
}
