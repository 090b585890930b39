package io.sequent.payments.engine;

import io.sequent.codecs.QueryStatus;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.EngineDriver;
import io.sequent.engine.aggregate.AggregateIndex;
import io.sequent.engine.aggregate.AggregateStream;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.engine.domain.RecordingEventAppender;
import io.sequent.payments.PaymentsModule;
import io.sequent.payments.codecs.MessageHeaderDecoder;
import io.sequent.payments.codecs.OrderEventsResultDecoder;
import io.sequent.payments.codecs.OrderResultDecoder;
import io.sequent.payments.codecs.OrderStatus;
import io.sequent.payments.command.PaymentCommands;
import io.sequent.payments.domain.Currencies;
import io.sequent.payments.domain.EventText;
import io.sequent.payments.domain.OrderAggregates;
import io.sequent.payments.domain.PaymentOrder;
import io.sequent.payments.domain.PaymentsDomain;
import io.sequent.payments.domain.PaymentsState;
import io.sequent.payments.flow.PaymentFlowGenerator;
import io.sequent.payments.projection.OrderProjection;
import io.sequent.payments.projection.OrderView;
import io.sequent.payments.upcast.PaymentsUpcasters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payments domain on the real engine, plugged in through its module as a server runs it: the live state equals
 * the same workflow applied without an engine; recovery from the newest snapshot plus the journal after it equals a
 * full replay of the journal, and both the live state; the read models (orders, the per-order event index) agree
 * with the state and rebuild from the journal when deleted; each order's stream is its events in order, and the
 * query answers it a page of whole versions at a time.
 */
class PaymentsEngineTest
{
    private static final int COMMANDS = Integer.getInteger("sequent.payments.engine.commands", 4_000);

    @TempDir
    Path dir;

    private static EngineContext<PaymentsState> context(final Path dataDir)
    {
        return new EngineContext<PaymentsState>()
            .dataDir(dataDir)
            .module(new PaymentsModule())
            .journalSegmentLength(256 << 10)
            .snapshotEveryEvents(2_000);
    }

    @Test
    void replayEqualsLiveAndSnapshotPlusReplayEqualsFullReplay() throws IOException
    {
        final PaymentFlowGenerator.Flow flow = new PaymentFlowGenerator(77, 30).generate(COMMANDS);
        final Model model = Model.of(flow);

        final long liveHash;
        try (Engine<PaymentsState> engine = Engine.launch(context(dir)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i + 1, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count());
            for (int i = 0; i < flow.count(); i++)
            {
                assertEquals(flow.meantValid(i), driver.reason(i + 1) == 0, "command " + i);
            }
            engine.close();
            liveHash = engine.stateHash();
            final PaymentsState live = engine.closedState();
            live.checkInvariant();
            assertEquals(model.hash, new PaymentsDomain().stateHash(live), "the engine's state is the workflow's");
        }
        // The newest snapshot covers everything (one is taken at close): without it, an older one plus the journal
        // after it must give the same state.
        final List<Path> snapshots = sorted(dir.resolve("snapshots"));
        assertTrue(snapshots.size() >= 2, "snapshots were taken: " + snapshots);
        Files.delete(snapshots.get(snapshots.size() - 1));
        final long lastSequence;
        try (Engine<PaymentsState> engine = Engine.launch(context(dir).snapshotEveryEvents(0)))
        {
            assertNotEquals("none", engine.recoveryReport().snapshot());
            lastSequence = engine.recoveryReport().lastSequence();
            assertTrue(engine.recoveryReport().eventsReplayed() > 0 &&
                engine.recoveryReport().eventsReplayed() < lastSequence, engine.recoveryReport().toString());
            assertEquals(liveHash, engine.recoveryReport().stateHash(), "snapshot + replay");
        }
        deleteAll(dir.resolve("snapshots"));
        try (Engine<PaymentsState> engine = Engine.launch(context(dir).snapshotEveryEvents(0)))
        {
            assertEquals("none", engine.recoveryReport().snapshot());
            assertEquals(lastSequence, engine.recoveryReport().eventsReplayed());
            assertEquals(liveHash, engine.recoveryReport().stateHash(), "full replay");
        }
        assertReadModels(model);
        deleteAll(dir.resolve("projections"));
        try (Engine<PaymentsState> engine = Engine.launch(context(dir)))
        {
            assertEquals(liveHash, engine.recoveryReport().stateHash());
        }
        assertReadModels(model);
    }

    private void assertReadModels(final Model model)
    {
        try (OrderProjection orders = OrderProjection.open(PaymentsModule.ordersFile(dir));
            AggregateIndex index = AggregateIndex.open(AggregateIndex.file(dir)))
        {
            final OrderView view = OrderProjection.newView();
            for (final PaymentOrder order : model.state.orders())
            {
                assertTrue(orders.read(order.orderId(), view), "order " + order.orderId());
                assertEquals(order.version(), view.getVersion());
                assertEquals(order.status().value(), view.getStatus());
                assertEquals(order.captured(), view.getCaptured());
                assertEquals(order.refunded(), view.getRefunded());
                assertEquals(order.fees(), view.getFees());
                assertEquals(order.authorized(), view.getAuthorized());
                assertEquals(order.version(), index.lastVersion(OrderAggregates.ORDER, order.orderId()));
            }
            final AggregateStream stream = new AggregateStream(index, dir.resolve("journal"), new OrderAggregates(),
                PaymentsUpcasters.chain());
            int checked = 0;
            for (final Map.Entry<Long, List<String>> entry : model.streams.entrySet())
            {
                if (entry.getKey() % 17 != 0)
                {
                    continue;
                }
                final List<String> read = new ArrayList<>();
                stream.read(OrderAggregates.ORDER, entry.getKey(), 1, Long.MAX_VALUE,
                    (sequence, timestamp, version, buffer, offset, length) -> read.add(EventText.of(buffer, offset)));
                assertEquals(entry.getValue(), read, "the stream of order " + entry.getKey());
                checked++;
            }
            assertTrue(checked > 10, "streams checked: " + checked);
        }
    }

    @Test
    void theEventsQueryPagesThroughAnOrdersWholeVersions()
    {
        final PaymentCommands commands = new PaymentCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final long lastSequence;
        try (Engine<PaymentsState> engine = Engine.launch(context(dir)))
        {
            final EngineDriver driver = new EngineDriver(engine);
            long correlation = 1;
            assertEquals(0, driver.execute(correlation++, buffer, 0,
                commands.placeOrder(buffer, 0, 42, 0, 7, 10_000, Currencies.EUR)));
            assertEquals(0, driver.execute(correlation++, buffer, 0,
                commands.placeOrder(buffer, 0, 43, 0, 7, 50, Currencies.GBP)));
            assertEquals(0, driver.execute(correlation++, buffer, 0,
                commands.authorizePayment(buffer, 0, 42, 1, 10_000)));
            assertEquals(0, driver.execute(correlation++, buffer, 0,
                commands.capturePayment(buffer, 0, 42, 2, 10_000, 100)));
            for (int refund = 0; refund < 20; refund++)
            {
                assertEquals(0, driver.execute(correlation++, buffer, 0,
                    commands.refundPayment(buffer, 0, 42, 3 + refund, 10)));
            }
            lastSequence = driver.sequence(correlation - 1);
        }
        final UnsafeBuffer result = new UnsafeBuffer(new byte[2048]);
        final QueryAnswer answer = new QueryAnswer();
        final int resultOffset = 29; // where the gateway puts a domain's result, after its own response
        try (QueryHandler queries = new PaymentsModule().openQueryHandler(dir))
        {
            queries.answer(buffer, 0, commands.orderQuery(buffer, 0, 42), lastSequence, result, resultOffset, answer);
            assertEquals(QueryStatus.OK, answer.status());
            final OrderResultDecoder order = new OrderResultDecoder()
                .wrap(result, resultOffset + MessageHeaderDecoder.ENCODED_LENGTH, OrderResultDecoder.BLOCK_LENGTH,
                    OrderResultDecoder.SCHEMA_VERSION);
            assertEquals(23, order.version());
            assertEquals(200, order.refunded());
            assertEquals(100, order.fees());
            assertEquals(OrderStatus.CAPTURED, order.status());

            final List<String> events = new ArrayList<>();
            long from = 1;
            int pages = 0;
            while (true)
            {
                queries.answer(buffer, 0, commands.orderEventsQuery(buffer, 0, 42, from), lastSequence, result,
                    resultOffset, answer);
                assertEquals(QueryStatus.OK, answer.status());
                final OrderEventsResultDecoder page = new OrderEventsResultDecoder().wrap(result,
                    resultOffset + MessageHeaderDecoder.ENCODED_LENGTH, OrderEventsResultDecoder.BLOCK_LENGTH,
                    OrderEventsResultDecoder.SCHEMA_VERSION);
                assertEquals(23, page.lastVersion());
                final OrderEventsResultDecoder.EventsDecoder group = page.events();
                if (group.count() == 0)
                {
                    assertEquals(from, page.nextVersion());
                    break;
                }
                pages++;
                final UnsafeBuffer event = new UnsafeBuffer(new byte[64]);
                for (final OrderEventsResultDecoder.EventsDecoder entry : group)
                {
                    final long version = entry.version();
                    final int length = entry.messageLength();
                    entry.getMessage(event, 0, length);
                    events.add(version + ":" + EventText.of(event, 0));
                }
                assertTrue(answer.resultLength() <= result.capacity() - resultOffset);
                from = page.nextVersion();
            }
            assertTrue(pages > 1, "pages: " + pages);
            assertEquals(24, events.size(), events.toString());
            assertEquals("1:Placed 42 v1 customer 7 10000 978", events.get(0));
            assertEquals("3:Captured 42 v3 10000 978", events.get(2));
            assertEquals("3:Fee 42 v3 100 978", events.get(3));
            assertEquals("23:Refunded 42 v23 10 978", events.get(23));

            queries.answer(buffer, 0, commands.orderEventsQuery(buffer, 0, 42, 22), 0, result, resultOffset, answer);
            assertEquals(QueryStatus.OK, answer.status());
            queries.answer(buffer, 0, commands.orderEventsQuery(buffer, 0, 99, 1), 0, result, resultOffset, answer);
            assertEquals(QueryStatus.NOT_FOUND, answer.status());
            queries.answer(buffer, 0, commands.orderEventsQuery(buffer, 0, 42, 1), lastSequence + 100, result,
                resultOffset, answer);
            assertEquals(QueryStatus.NOT_YET, answer.status());
            queries.answer(buffer, 0, 4, 0, result, resultOffset, answer);
            assertEquals(QueryStatus.BAD_QUERY, answer.status());
        }
    }

    private static List<Path> sorted(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".snap")).sorted().toList();
        }
    }

    private static void deleteAll(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.delete(file);
            }
        }
    }

    /**
     * The workflow applied without an engine: the state it must reach and each order's events.
     */
    private static final class Model
    {
        final PaymentsState state;
        final long hash;
        final Map<Long, List<String>> streams = new HashMap<>();

        private Model(final PaymentsState state, final long hash)
        {
            this.state = state;
            this.hash = hash;
        }

        static Model of(final PaymentFlowGenerator.Flow flow)
        {
            final PaymentsDomain domain = new PaymentsDomain();
            final PaymentsState state = domain.newState();
            final RecordingEventAppender events = new RecordingEventAppender();
            final OrderAggregates identity = new OrderAggregates();
            final io.sequent.engine.domain.AggregateRef[] refs = io.sequent.engine.domain.AggregateIdentity.newRefs();
            final Map<Long, List<String>> streams = new HashMap<>();
            for (int i = 0; i < flow.count(); i++)
            {
                if (events.execute(domain, flow.buffer(), flow.offset(i), flow.length(i), state) == 0)
                {
                    for (int e = 0; e < events.count(); e++)
                    {
                        identity.identify(events.buffer(), events.offset(e), events.length(e), refs);
                        streams.computeIfAbsent(refs[0].id(), id -> new ArrayList<>())
                            .add(EventText.of(events.buffer(), events.offset(e)));
                    }
                }
            }
            final Model model = new Model(state, domain.stateHash(state));
            model.streams.putAll(streams);
            return model;
        }
    }
}
