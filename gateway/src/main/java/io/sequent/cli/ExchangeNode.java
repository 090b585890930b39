package io.sequent.cli;

import io.sequent.engine.EngineContext;
import io.sequent.exchange.BalanceProjection;
import io.sequent.exchange.ExchangeDomain;
import io.sequent.exchange.ExchangeState;
import io.sequent.exchange.OrderProjection;
import io.sequent.exchange.TopOfBookProjection;
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
            .addProjection(OrderProjection.create(dir.resolve("projections").resolve("orders.cm"),
                OrderProjection.DEFAULT_ENTRIES))
            .addProjection(TopOfBookProjection.create(dir.resolve("projections").resolve("top-of-book.cm"),
                TopOfBookProjection.DEFAULT_ENTRIES));
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
