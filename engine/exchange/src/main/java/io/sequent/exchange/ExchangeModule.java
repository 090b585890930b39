package io.sequent.exchange;

import io.sequent.codecs.config.Settings;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.EventAudience;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.exchange.audience.ExchangeAudience;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.api.ExchangeReasons;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.exchange.projection.AccountProjection;
import io.sequent.exchange.projection.BalanceProjection;
import io.sequent.exchange.projection.OrderProjection;
import io.sequent.exchange.projection.TopOfBookProjection;
import io.sequent.exchange.query.ExchangeQueries;

import org.agrona.CloseHelper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference exchange as a plug-in ({@code sequent server --domain exchange}, the default): its rules, its read
 * models (balances, orders, top of book, account owners) under {@code DATA/projections/}, its queries, its audience
 * (who sees which event in subscriptions of scope OWN and MARKET) and its reason names.
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
        final List<Projection> opened = new ArrayList<>();
        try
        {
            opened.add(BalanceProjection.create(balancesFile(dataDir)));
            opened.add(OrderProjection.create(ordersFile(dataDir), OrderProjection.DEFAULT_ENTRIES));
            opened.add(TopOfBookProjection.create(topOfBookFile(dataDir), TopOfBookProjection.DEFAULT_ENTRIES));
            opened.add(AccountProjection.create(accountsFile(dataDir), AccountProjection.DEFAULT_ENTRIES));
            return List.copyOf(opened);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(opened);
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
    public EventAudience openAudience(final Path dataDir)
    {
        return ExchangeAudience.open(accountsFile(dataDir), ordersFile(dataDir));
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
     * @return where the account projection's Chronicle Map (account owners) lives in it.
     */
    public static Path accountsFile(final Path dir)
    {
        return dir.resolve("projections").resolve("accounts.cm");
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
