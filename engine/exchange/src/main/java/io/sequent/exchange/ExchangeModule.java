package io.sequent.exchange;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.TopOfBookProjection;
import io.sequent.exchange.query.ExchangeQueries;

import java.nio.file.Path;
import java.util.List;

/**
 * The reference exchange as a plug-in ({@code sequent server --domain exchange}, the default): its rules, its read
 * models (balances, orders, top of book) under {@code DATA/projections/}, its queries and its reason names.
 */
public final class ExchangeModule implements DomainModule<ExchangeState>
{
    /** The name a node is started with. */
    public static final String NAME = "exchange";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Domain<ExchangeState> newDomain()
    {
        return new ExchangeDomain();
    }

    @Override
    public List<Projection> openProjections(final Path dataDir)
    {
        final BalanceProjection balances = BalanceProjection.create(balancesFile(dataDir));
        try
        {
            final OrderProjection orders = OrderProjection.create(ordersFile(dataDir), OrderProjection.DEFAULT_ENTRIES);
            try
            {
                return List.of(balances, orders,
                    TopOfBookProjection.create(topOfBookFile(dataDir), TopOfBookProjection.DEFAULT_ENTRIES));
            }
            catch (final RuntimeException ex)
            {
                orders.close();
                throw ex;
            }
        }
        catch (final RuntimeException ex)
        {
            balances.close();
            throw ex;
        }
    }

    @Override
    public QueryHandler openQueryHandler(final Path dataDir)
    {
        return ExchangeQueries.open(balancesFile(dataDir), ordersFile(dataDir), topOfBookFile(dataDir),
            ExchangeState.DEFAULT_MAX_ASSETS);
    }

    @Override
    public String reasonName(final int reason)
    {
        return ExchangeReasons.name(reason);
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
