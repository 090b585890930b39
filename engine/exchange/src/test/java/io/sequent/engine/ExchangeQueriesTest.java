package io.sequent.engine;

import io.sequent.codecs.QueryStatus;
import io.sequent.codecs.exchange.BalanceResultDecoder;
import io.sequent.codecs.exchange.MessageHeaderDecoder;
import io.sequent.codecs.exchange.OrderResultDecoder;
import io.sequent.codecs.exchange.OrderStatus;
import io.sequent.codecs.exchange.TopOfBookResultDecoder;
import io.sequent.engine.domain.QueryAnswer;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.TopOfBookProjection;
import io.sequent.exchange.query.ExchangeQueries;
import io.sequent.exchange.api.ExchangeQueryRequests;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange's queries answered from its three projections after a generated order flow: every answer equals
 * the engine's state, carries the projections' sequence, and costs no allocation.
 */
class ExchangeQueriesTest
{
    private static final int ACCOUNTS = 20;
    private static final int INSTRUMENTS = 3;

    @TempDir
    Path dir;

    private final ExchangeQueryRequests requests = new ExchangeQueryRequests();
    private final UnsafeBuffer query = new UnsafeBuffer(new byte[128]);
    private final UnsafeBuffer result = new UnsafeBuffer(new byte[1024]);
    private final QueryAnswer answer = new QueryAnswer();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private ExchangeState state;
    private long lastSequence;

    @BeforeEach
    void runAFlow()
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(5, ACCOUNTS, INSTRUMENTS).generate(5_000);
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new)
            .journalSegmentLength(8 << 20)
            .addProjection(BalanceProjection.create(dir.resolve("balances.cm"), 10_000))
            .addProjection(OrderProjection.create(dir.resolve("orders.cm"), 100_000))
            .addProjection(TopOfBookProjection.create(dir.resolve("top.cm"), 100))))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            state = engine.closedState();
        }
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir)
            .domain(ExchangeDomain::new)))
        {
            lastSequence = engine.recoveryReport().lastSequence();
        }
    }

    private ExchangeQueries open()
    {
        return ExchangeQueries.open(dir.resolve("balances.cm"), dir.resolve("orders.cm"), dir.resolve("top.cm"),
            ExchangeState.DEFAULT_MAX_ASSETS);
    }

    @Test
    void everyAnswerEqualsTheEnginesState()
    {
        try (ExchangeQueries queries = open())
        {
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                ask(queries, requests.balances(query, 0, account, ExchangeQueryRequests.ALL_ASSETS), lastSequence);
                assertEquals(QueryStatus.OK, answer.status());
                assertEquals(lastSequence, answer.projectionSequence());
                final BalanceResultDecoder.BalancesDecoder balances = new BalanceResultDecoder()
                    .wrap(result, MessageHeaderDecoder.ENCODED_LENGTH, BalanceResultDecoder.BLOCK_LENGTH,
                        BalanceResultDecoder.SCHEMA_VERSION)
                    .balances();
                assertEquals(INSTRUMENTS + 1, balances.count(), "every asset deposited at setup");
                while (balances.hasNext())
                {
                    balances.next();
                    assertEquals(state.available(account, balances.assetId()), balances.available());
                    assertEquals(state.reserved(account, balances.assetId()), balances.reserved());
                }
            }

            final OrderResultDecoder order = new OrderResultDecoder();
            for (long orderId = 1; orderId < state.nextOrderId(); orderId++)
            {
                ask(queries, requests.order(query, 0, orderId), lastSequence);
                assertEquals(QueryStatus.OK, answer.status(), "order " + orderId);
                order.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH, OrderResultDecoder.BLOCK_LENGTH,
                    OrderResultDecoder.SCHEMA_VERSION);
                assertEquals(orderId, order.orderId());
                final long open = state.openQuantity(orderId);
                if (open > 0)
                {
                    assertEquals(OrderStatus.LIVE, order.status(), "order " + orderId);
                    assertEquals(open, order.remaining(), "order " + orderId);
                }
                else
                {
                    // A cancelled order keeps what was left as its remaining quantity.
                    assertTrue(order.status() != OrderStatus.LIVE, "order " + orderId + " is finished");
                }
            }
            ask(queries, requests.order(query, 0, state.nextOrderId()), 0);
            assertEquals(QueryStatus.NOT_FOUND, answer.status());

            final TopOfBookResultDecoder top = new TopOfBookResultDecoder();
            for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
            {
                ask(queries, requests.topOfBook(query, 0, instrument), lastSequence);
                assertEquals(QueryStatus.OK, answer.status());
                assertEquals(lastSequence, answer.projectionSequence());
                top.wrap(result, MessageHeaderDecoder.ENCODED_LENGTH, TopOfBookResultDecoder.BLOCK_LENGTH,
                    TopOfBookResultDecoder.SCHEMA_VERSION);
                assertEquals(state.bestPrice(instrument, true), top.bidPrice());
                assertEquals(state.bestQuantity(instrument, true), top.bidQuantity());
                assertEquals(state.bestPrice(instrument, false), top.askPrice());
                assertEquals(state.bestQuantity(instrument, false), top.askQuantity());
            }
        }
    }

    @Test
    void aSequenceNotYetReachedAndQueriesThatCannotBeDecoded()
    {
        try (ExchangeQueries queries = open())
        {
            ask(queries, requests.balances(query, 0, 1, 0), lastSequence + 1);
            assertEquals(QueryStatus.NOT_YET, answer.status());
            assertEquals(lastSequence, answer.projectionSequence());
            assertEquals(0, answer.resultLength());

            ask(queries, 3, 0);
            assertEquals(QueryStatus.BAD_QUERY, answer.status(), "shorter than a header");
            final int length = requests.order(query, 0, 1);
            query.putShort(MessageHeaderDecoder.schemaIdEncodingOffset(), (short)99);
            ask(queries, length, 0);
            assertEquals(QueryStatus.BAD_QUERY, answer.status(), "another schema");
            ask(queries, requests.order(query, 0, 1) - 1, 0);
            assertEquals(QueryStatus.BAD_QUERY, answer.status(), "shorter than its block");
            ask(queries, new ExchangeCommands().openAccount(query, 0, 1), 0);
            assertEquals(QueryStatus.BAD_QUERY, answer.status(), "a command, not a query");
        }
    }

    @Test
    void answeringAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (ExchangeQueries queries = open())
        {
            final int balances = requests.balances(query, 0, 1, ExchangeQueryRequests.ALL_ASSETS);
            final int rounds = 5_000;
            runQueries(queries, balances, rounds); // warm-up: class loading, JIT
            final long before = threads.getCurrentThreadAllocatedBytes();
            runQueries(queries, balances, rounds);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // Under a byte per round of four queries: nothing is allocated per query (the probe may allocate once).
            assertTrue(allocated < rounds, "allocated " + allocated + " bytes over " + 4 * rounds + " queries");
        }
    }

    private void runQueries(final ExchangeQueries queries, final int balancesLength, final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            requests.balances(query, 0, 1 + i % ACCOUNTS, ExchangeQueryRequests.ALL_ASSETS);
            ask(queries, balancesLength, lastSequence);
            assertEquals(QueryStatus.OK, answer.status());
            ask(queries, requests.order(query, 0, 1 + i % (state.nextOrderId() - 1)), lastSequence);
            assertEquals(QueryStatus.OK, answer.status());
            ask(queries, requests.topOfBook(query, 0, 1 + i % INSTRUMENTS), lastSequence);
            assertEquals(QueryStatus.OK, answer.status());
            ask(queries, requests.balances(query, 0, 10_000 + i, 0), 0);
            assertEquals(QueryStatus.NOT_FOUND, answer.status());
        }
    }

    private void ask(final ExchangeQueries queries, final int length, final long minSequence)
    {
        queries.answer(query, 0, length, minSequence, result, 0, answer);
    }
}
