package io.sequent.cli;

import io.sequent.engine.EngineContext;
import io.sequent.exchange.BalanceProjection;
import io.sequent.exchange.ExchangeDomain;
import io.sequent.exchange.ExchangeQueries;
import io.sequent.exchange.ExchangeReasons;
import io.sequent.exchange.ExchangeState;
import io.sequent.exchange.OrderProjection;
import io.sequent.exchange.TopOfBookProjection;
import io.sequent.gateway.SequentServer;
import io.sequent.journal.DurabilityPolicy;

import java.nio.file.Path;

/**
 * How a node of the reference exchange is put together: the exchange domain and its read models (balances, orders,
 * top of book) over one data directory.
 */
public final class ExchangeNode
{
    private ExchangeNode()
    {
    }

    /**
     * @param dir        data directory: journal and projection files.
     * @param durability journal durability policy name (none, batch or interval).
     * @return an engine configuration for the exchange, not yet concluded.
     */
    public static EngineContext<ExchangeState> engineContext(final Path dir, final String durability)
    {
        return new EngineContext<ExchangeState>()
            .dataDir(dir)
            .durability(DurabilityPolicy.parse(durability))
            .domain(ExchangeDomain::new)
            .addProjection(BalanceProjection.create(balancesFile(dir)))
            .addProjection(OrderProjection.create(ordersFile(dir), OrderProjection.DEFAULT_ENTRIES))
            .addProjection(TopOfBookProjection.create(topOfBookFile(dir), TopOfBookProjection.DEFAULT_ENTRIES));
    }

    /**
     * @param dir        data directory: journal and projection files.
     * @param durability journal durability policy name (NONE or BATCH).
     * @return a server configuration for the exchange: its engine, its queries answered from its projections, its
     *         reject reasons named in the counters; not yet concluded.
     */
    public static SequentServer.Context serverContext(final Path dir, final String durability)
    {
        return new SequentServer.Context()
            .engine(engineContext(dir, durability))
            .queryHandler(() -> ExchangeQueries.open(balancesFile(dir), ordersFile(dir), topOfBookFile(dir),
                ExchangeState.DEFAULT_MAX_ASSETS))
            .reasonNames(ExchangeReasons::name);
    }

    /**
     * @param dir data directory.
     * @return where the order projection's Chronicle Map lives in it.
     */
    public static Path ordersFile(final Path dir)
    {
        return dir.resolve("projections").resolve("orders.cm");
    }

    /**
     * @param dir data directory.
     * @return where the top-of-book projection's Chronicle Map lives in it.
     */
    public static Path topOfBookFile(final Path dir)
    {
        return dir.resolve("projections").resolve("top-of-book.cm");
    }

    /**
     * @param dir data directory.
     * @return where the balance projection's Chronicle Map lives in it.
     */
    public static Path balancesFile(final Path dir)
    {
        return dir.resolve("projections").resolve("balances.cm");
    }
}
