package io.sequent.engine;

import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.flow.OrderFlowGenerator;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.OrderView;
import io.sequent.exchange.projection.TopOfBook;
import io.sequent.exchange.projection.TopOfBookProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exchange's three read models, fed by the projector from a generated order flow, agree with the engine's
 * state: balances (available and reserved), every order, and the top of every book; after a restart too.
 */
class ExchangeProjectionsTest
{
    private static final int ACCOUNTS = 20;
    private static final int INSTRUMENTS = 3;

    @TempDir
    Path dir;

    private EngineContext<ExchangeState> context()
    {
        return new EngineContext<ExchangeState>().dataDir(dir).domain(ExchangeDomain::new)
            .journalSegmentLength(8 << 20)
            .addProjection(BalanceProjection.create(dir.resolve("balances.cm"), 10_000))
            .addProjection(OrderProjection.create(dir.resolve("orders.cm"), 100_000))
            .addProjection(TopOfBookProjection.create(dir.resolve("top.cm"), 100));
    }

    @Test
    void readModelsAgreeWithTheEngineBeforeAndAfterARestart()
    {
        final OrderFlowGenerator.Flow flow = new OrderFlowGenerator(3, ACCOUNTS, INSTRUMENTS).generate(20_000);
        final ExchangeState live;
        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            final EngineDriver driver = new EngineDriver(engine);
            for (int i = 0; i < flow.count(); i++)
            {
                driver.offer(i, flow.buffer(), flow.offset(i), flow.length(i));
            }
            driver.awaitOutcome(flow.count() - 1);
            engine.close();
            live = engine.closedState();
        }
        assertReadModelsMatch(live);

        try (Engine<ExchangeState> engine = Engine.launch(context()))
        {
            engine.close();
        }
        assertReadModelsMatch(live);
    }

    private void assertReadModelsMatch(final ExchangeState state)
    {
        try (BalanceProjection balances = BalanceProjection.open(dir.resolve("balances.cm"));
            OrderProjection orders = OrderProjection.open(dir.resolve("orders.cm"));
            TopOfBookProjection top = TopOfBookProjection.open(dir.resolve("top.cm")))
        {
            for (long account = 1; account <= ACCOUNTS; account++)
            {
                for (int asset = 0; asset <= INSTRUMENTS; asset++)
                {
                    assertEquals(state.available(account, asset), balances.available(account, asset),
                        "available " + account + "/" + asset);
                    assertEquals(state.reserved(account, asset), balances.reserved(account, asset),
                        "reserved " + account + "/" + asset);
                }
            }

            final OrderView view = OrderProjection.newView();
            int live = 0;
            for (long orderId = 1; orderId < state.nextOrderId(); orderId++)
            {
                assertTrue(orders.read(orderId, view), "order " + orderId);
                final long open = state.openQuantity(orderId);
                if (open > 0)
                {
                    live++;
                    assertEquals(OrderView.LIVE, view.getStatus(), "order " + orderId);
                    assertEquals(open, view.getRemaining(), "order " + orderId);
                }
                else
                {
                    assertTrue(view.getStatus() != OrderView.LIVE, "order " + orderId + " is finished");
                }
            }
            assertEquals(state.orderCount(), live);

            final TopOfBook book = TopOfBookProjection.newView();
            for (int instrument = 1; instrument <= INSTRUMENTS; instrument++)
            {
                assertTrue(top.read(instrument, book));
                assertEquals(state.bestPrice(instrument, true), book.getBidPrice(), "bid " + instrument);
                assertEquals(state.bestQuantity(instrument, true), book.getBidQuantity(), "bid size " + instrument);
                assertEquals(state.bestPrice(instrument, false), book.getAskPrice(), "ask " + instrument);
                assertEquals(state.bestQuantity(instrument, false), book.getAskQuantity(), "ask size " + instrument);
            }
        }
    }
}
