package io.sequent.payments.query;

import io.sequent.codecs.QueryStatus;
import io.sequent.engine.aggregate.AggregateIndex;
import io.sequent.engine.aggregate.AggregateStream;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.payments.codecs.FeeChargedEncoder;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.MessageHeaderEncoder;
import io.sequent.payments.codecs.OrderCancelledEncoder;
import io.sequent.payments.codecs.OrderEventsQueryDecoder;
import io.sequent.payments.codecs.OrderEventsResultEncoder;
import io.sequent.payments.codecs.OrderPlacedEncoder;
import io.sequent.payments.codecs.OrderQueryDecoder;
import io.sequent.payments.codecs.OrderResultEncoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.codecs.PaymentAuthorizedEncoder;
import io.sequent.payments.codecs.PaymentCapturedEncoder;
import io.sequent.payments.codecs.PaymentRefundedEncoder;
import io.sequent.payments.domain.OrderAggregates;
import io.sequent.payments.projection.OrderProjection;
import io.sequent.payments.projection.OrderView;
import io.sequent.payments.upcast.PaymentsUpcasters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;

/**
 * The payments domain's queries: an order by id, from the order projection; and an order's events from a version on
 * ({@code OrderEventsQuery}), from the engine core's aggregate index and the journal through
 * {@link AggregateStream}, each event as the current code reads it (upcast), a page at a time: the answer's
 * {@code nextVersion} is where the next page starts. A page holds whole versions only (the events of one command
 * share a version), as many as the gateway's result buffer surely holds.
 * <p>
 * Each answer carries the sequence its projection had published, read before its entries. An order lookup
 * allocates nothing; an events query reads the journal's files, so it costs I/O.
 */
public final class PaymentsQueries implements QueryHandler
{
    /** Events one command emits at most: a capture and its fee. */
    static final int MAX_EVENTS_PER_VERSION = 2;
    /** Bytes of the longest current event, header included. */
    static final int MAX_EVENT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + max(OrderPlacedEncoder.BLOCK_LENGTH,
        PaymentAuthorizedEncoder.BLOCK_LENGTH, PaymentCapturedEncoder.BLOCK_LENGTH, FeeChargedEncoder.BLOCK_LENGTH,
        PaymentRefundedEncoder.BLOCK_LENGTH, OrderCancelledEncoder.BLOCK_LENGTH);
    private static final int ENTRY_LENGTH = OrderEventsResultEncoder.EventsEncoder.sbeBlockLength() +
        OrderEventsResultEncoder.EventsEncoder.messageHeaderLength() + MAX_EVENT_LENGTH;
    private static final int RESULT_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        OrderEventsResultEncoder.BLOCK_LENGTH + OrderEventsResultEncoder.EventsEncoder.sbeHeaderSize();
    private static final int MAX_EVENTS = 256;

    private final OrderProjection orders;
    private final AggregateIndex index;
    private final AggregateStream stream;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OrderQueryDecoder orderQuery = new OrderQueryDecoder();
    private final OrderEventsQueryDecoder eventsQuery = new OrderEventsQueryDecoder();
    private final OrderResultEncoder orderResult = new OrderResultEncoder();
    private final OrderEventsResultEncoder eventsResult = new OrderEventsResultEncoder();
    private final OrderView order = OrderProjection.newView();
    private final UnsafeBuffer page = new UnsafeBuffer(new byte[MAX_EVENTS * MAX_EVENT_LENGTH]);
    private final long[] sequences = new long[MAX_EVENTS];
    private final long[] timestamps = new long[MAX_EVENTS];
    private final long[] versions = new long[MAX_EVENTS];
    private final int[] offsets = new int[MAX_EVENTS];
    private final int[] lengths = new int[MAX_EVENTS];
    private final AggregateStream.EventHandler collector = this::collect;
    private int collected;
    private int pageLimit;

    private PaymentsQueries(final OrderProjection orders, final AggregateIndex index, final Path journalDir)
    {
        this.orders = orders;
        this.index = index;
        this.stream = new AggregateStream(index, journalDir, new OrderAggregates(), PaymentsUpcasters.chain());
    }

    /**
     * Opens readers of the order projection and the aggregate index; the files must exist (the engine creates them
     * when it starts).
     *
     * @param ordersFile the order projection's map.
     * @param indexFile  the aggregate index's map.
     * @param journalDir the journal the index was built from.
     * @return the handler, for one thread.
     * @throws IllegalStateException when a projection cannot be opened; it says which and what to do.
     */
    public static PaymentsQueries open(final Path ordersFile, final Path indexFile, final Path journalDir)
    {
        final OrderProjection orders = OrderProjection.open(ordersFile);
        try
        {
            return new PaymentsQueries(orders, AggregateIndex.open(indexFile), journalDir);
        }
        catch (final RuntimeException ex)
        {
            orders.close();
            throw ex;
        }
    }

    @Override
    public void answer(
        final DirectBuffer query,
        final int offset,
        final int length,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            answer.set(QueryStatus.BAD_QUERY, 0, 0);
            return;
        }
        header.wrap(query, offset);
        final int blockLength = header.blockLength();
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            answer.set(QueryStatus.BAD_QUERY, 0, 0);
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case OrderQueryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < OrderQueryDecoder.BLOCK_LENGTH)
                {
                    answer.set(QueryStatus.BAD_QUERY, 0, 0);
                    return;
                }
                orderQuery.wrap(query, body, blockLength, header.version());
                answerOrder(orderQuery.orderId(), minSequence, result, resultOffset, answer);
            }
            case OrderEventsQueryDecoder.TEMPLATE_ID ->
            {
                if (blockLength < OrderEventsQueryDecoder.BLOCK_LENGTH)
                {
                    answer.set(QueryStatus.BAD_QUERY, 0, 0);
                    return;
                }
                eventsQuery.wrap(query, body, blockLength, header.version());
                answerEvents(eventsQuery.orderId(), eventsQuery.fromVersion(), minSequence, result, resultOffset,
                    answer);
            }
            default -> answer.set(QueryStatus.BAD_QUERY, 0, 0);
        }
    }

    private void answerOrder(
        final long orderId,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        // The sequence first: the entries read after it are at least that new.
        final long sequence = orders.lastAppliedSequence();
        if (sequence < minSequence)
        {
            answer.set(QueryStatus.NOT_YET, sequence, 0);
            return;
        }
        if (!orders.read(orderId, order))
        {
            answer.set(QueryStatus.NOT_FOUND, sequence, 0);
            return;
        }
        orderResult.wrapAndApplyHeader(result, resultOffset, headerEncoder)
            .orderId(orderId)
            .version(order.getVersion())
            .customerId(order.getCustomerId())
            .amount(order.getAmount())
            .authorized(order.getAuthorized())
            .captured(order.getCaptured())
            .refunded(order.getRefunded())
            .fees(order.getFees())
            .currency(order.getCurrency())
            .status(OrderStatus.get(order.getStatus()));
        answer.set(QueryStatus.OK, sequence, MessageHeaderEncoder.ENCODED_LENGTH + orderResult.encodedLength());
    }

    private void answerEvents(
        final long orderId,
        final long fromVersion,
        final long minSequence,
        final MutableDirectBuffer result,
        final int resultOffset,
        final QueryAnswer answer)
    {
        final long sequence = index.lastAppliedSequence();
        if (sequence < minSequence)
        {
            answer.set(QueryStatus.NOT_YET, sequence, 0);
            return;
        }
        final long lastVersion = index.lastVersion(OrderAggregates.ORDER, orderId);
        if (lastVersion == 0)
        {
            answer.set(QueryStatus.NOT_FOUND, sequence, 0);
            return;
        }
        final int room = result.capacity() - resultOffset - RESULT_FIXED_LENGTH;
        final int versionsPerPage = Math.min(MAX_EVENTS / MAX_EVENTS_PER_VERSION,
            room / (MAX_EVENTS_PER_VERSION * ENTRY_LENGTH));
        if (versionsPerPage < 1)
        {
            answer.set(QueryStatus.BAD_QUERY, sequence, 0);
            return;
        }
        final long from = Math.max(1, fromVersion);
        final long to = from > lastVersion ? from - 1 : Math.min(lastVersion, from + versionsPerPage - 1);
        collected = 0;
        pageLimit = 0;
        if (to >= from)
        {
            stream.read(OrderAggregates.ORDER, orderId, from, to, collector);
        }
        final OrderEventsResultEncoder.EventsEncoder events = eventsResult
            .wrapAndApplyHeader(result, resultOffset, headerEncoder)
            .orderId(orderId)
            .fromVersion(from)
            .nextVersion(Math.max(from, to + 1))
            .lastVersion(lastVersion)
            .eventsCount(collected);
        for (int i = 0; i < collected; i++)
        {
            events.next()
                .sequence(sequences[i])
                .timestamp(timestamps[i])
                .version(versions[i])
                .putMessage(page, offsets[i], lengths[i]);
        }
        answer.set(QueryStatus.OK, sequence, MessageHeaderEncoder.ENCODED_LENGTH + eventsResult.encodedLength());
    }

    private void collect(
        final long sequence, final long timestamp, final long version, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (collected == MAX_EVENTS || length > MAX_EVENT_LENGTH)
        {
            // The page was sized for the domain's events: more, or longer, is a bug, not a reason to cut silently.
            throw new IllegalStateException("order events page overflow: " + collected + " events, one of " +
                length + " bytes");
        }
        page.putBytes(pageLimit, buffer, offset, length);
        sequences[collected] = sequence;
        timestamps[collected] = timestamp;
        versions[collected] = version;
        offsets[collected] = pageLimit;
        lengths[collected] = length;
        pageLimit += length;
        collected++;
    }

    private static int max(final int... values)
    {
        int max = 0;
        for (final int value : values)
        {
            max = Math.max(max, value);
        }
        return max;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(orders, index);
    }
}
