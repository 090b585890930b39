package io.sequent.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sequent.codecs.exchange.InstrumentAddedDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderAcceptedDecoder;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.JournalCursor;
import io.sequent.journal.storage.FileSegmentStorage;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The lists the exchange's read models do not keep (its instruments, the orders of an account), indexed by the HTTP
 * face from the journal: a thread of its own tails the journal with a {@link JournalCursor} up to the journaled
 * position, as the gateway's subscriptions do, and keeps each {@code InstrumentAdded} and each
 * {@code OrderAccepted}'s order id under its account. The orders' states are then read from the order projection.
 * Events of other schemas (the engine's records, other domains) are skipped.
 */
final class JournalIndex implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(JournalIndex.class);

    private final SequentServer server;
    private final Path journalDir;
    private final Thread thread;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final InstrumentAddedDecoder instrumentAdded = new InstrumentAddedDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final Map<Integer, long[]> instruments = new TreeMap<>();
    private final Long2ObjectHashMap<LongArrayList> ordersByAccount = new Long2ObjectHashMap<>();
    private volatile long indexedSequence;
    private volatile boolean running = true;

    JournalIndex(final SequentServer server)
    {
        this.server = server;
        this.journalDir = server.context().engine().journalDir();
        this.thread = new Thread(this::run, "sequent-http-index");
        thread.setDaemon(true);
        thread.start();
    }

    long indexedSequence()
    {
        return indexedSequence;
    }

    private void run()
    {
        try (JournalCursor cursor = JournalCursor.open(journalDir, FileSegmentStorage.INSTANCE,
            server.context().engine().keyring(), JournalCursor.oldestSequence(journalDir)))
        {
            while (running)
            {
                final long upTo = server.counters().journalPosition().get();
                final int taken = cursor.poll(upTo, this::onFrame, 1024);
                if (taken == 0)
                {
                    indexedSequence = Math.max(indexedSequence, Math.min(upTo, cursor.nextSequence() - 1));
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("the HTTP face's journal index stopped: {}", ex.toString());
        }
    }

    private boolean onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            header.wrap(buffer, offset);
            if (header.schemaId() == MessageHeaderDecoder.SCHEMA_ID)
            {
                final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
                if (header.templateId() == InstrumentAddedDecoder.TEMPLATE_ID)
                {
                    instrumentAdded.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    synchronized (this)
                    {
                        instruments.put(instrumentAdded.instrumentId(), new long[]{ instrumentAdded.baseAsset(),
                            instrumentAdded.quoteAsset(), instrumentAdded.priceTick(), instrumentAdded.lotSize() });
                    }
                }
                else if (header.templateId() == OrderAcceptedDecoder.TEMPLATE_ID)
                {
                    orderAccepted.wrap(buffer, bodyOffset, header.blockLength(), header.version());
                    synchronized (this)
                    {
                        ordersByAccount.computeIfAbsent(orderAccepted.accountId(), id -> new LongArrayList())
                            .addLong(orderAccepted.orderId());
                    }
                }
            }
        }
        indexedSequence = sequence;
        return true;
    }

    /**
     * Waits, bounded, until the index has read up to a sequence.
     */
    void await(final long atLeast, final long waitMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (indexedSequence < atLeast)
        {
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new ApiException(503, "NOT_YET", "the journal index is at sequence " + indexedSequence +
                    ", not yet at " + atLeast + " after " + waitMs + " ms; ask again");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    synchronized ObjectNode instruments()
    {
        final ObjectNode body = Json.object();
        body.put("indexedSequence", indexedSequence);
        final ArrayNode list = body.putArray("instruments");
        instruments.forEach((id, fields) ->
        {
            final ObjectNode instrument = list.addObject();
            instrument.put("instrumentId", id);
            instrument.put("baseAsset", fields[0]);
            instrument.put("quoteAsset", fields[1]);
            instrument.put("priceTick", fields[2]);
            instrument.put("lotSize", fields[3]);
        });
        return body;
    }

    synchronized long[] ordersOf(final long accountId)
    {
        final LongArrayList orders = ordersByAccount.get(accountId);
        return orders == null ? new long[0] : orders.toLongArray();
    }

    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
