package io.sequent.exchange;

import io.sequent.codecs.config.Settings;
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
 * <p>
 * Its one setting, {@link #MAX_FILLS_PROP_NAME}, must be the same on every node of a cluster: each node handles the
 * same commands and must reject the same ones.
 */
public final class ExchangeModule implements DomainModule<ExchangeState>
{
    /** The name a node is started with. */
    public static final String NAME = "exchange";
    /** Setting: trades one command may make at most; a larger sweep is rejected whole, TOO_MANY_FILLS. */
    public static final String MAX_FILLS_PROP_NAME = "sequent.exchange.max.fills";
    /** Default of {@link #MAX_FILLS_PROP_NAME}. */
    public static final int MAX_FILLS_DEFAULT = ExchangeDomain.DEFAULT_MAX_FILLS;

    private final int maxFills;

    /**
     * The module as {@code sequent server} runs it: {@link #MAX_FILLS_PROP_NAME} read through {@link Settings}.
     */
    public ExchangeModule()
    {
        this(Settings.intValue(MAX_FILLS_PROP_NAME, MAX_FILLS_DEFAULT));
    }

    /**
     * @param maxFills trades one command may make at most, at least 1.
     * @throws IllegalArgumentException for a limit below 1.
     */
    public ExchangeModule(final int maxFills)
    {
        if (maxFills < 1)
        {
            throw new IllegalArgumentException(MAX_FILLS_PROP_NAME + " must be at least 1: " + maxFills);
        }
        this.maxFills = maxFills;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Domain<ExchangeState> newDomain()
    {
        return new ExchangeDomain(ExchangeState.DEFAULT_MAX_ASSETS, ExchangeState.DEFAULT_MAX_ACCOUNTS, maxFills);
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
