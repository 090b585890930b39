package io.sequent.payments;

import io.sequent.engine.aggregate.AggregateIndex;
import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.payments.domain.OrderAggregates;
import io.sequent.payments.domain.PaymentsDomain;
import io.sequent.payments.domain.PaymentsReasons;
import io.sequent.payments.domain.PaymentsState;
import io.sequent.payments.projection.OrderProjection;
import io.sequent.payments.query.PaymentsQueries;

import java.nio.file.Path;
import java.util.List;

/**
 * The payments domain as a plug-in ({@code sequent server --domain payments}), registered in
 * {@code META-INF/services/io.sequent.engine.domain.DomainModule}: its rules, its read models under
 * {@code DATA/projections/} (orders, and the engine core's per-order event index), its queries and its reason
 * names. Nothing in the engine names it.
 */
public final class PaymentsModule implements DomainModule<PaymentsState>
{
    /** The name a node is started with. */
    public static final String NAME = "payments";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public Domain<PaymentsState> newDomain()
    {
        return new PaymentsDomain();
    }

    @Override
    public List<Projection> openProjections(final Path dataDir)
    {
        final OrderProjection orders = OrderProjection.create(ordersFile(dataDir), OrderProjection.DEFAULT_ENTRIES);
        try
        {
            return List.of(orders, AggregateIndex.create(AggregateIndex.file(dataDir), new OrderAggregates(),
                AggregateIndex.DEFAULT_ENTRIES));
        }
        catch (final RuntimeException ex)
        {
            orders.close();
            throw ex;
        }
    }

    @Override
    public QueryHandler openQueryHandler(final Path dataDir)
    {
        return PaymentsQueries.open(ordersFile(dataDir), AggregateIndex.file(dataDir), dataDir.resolve("journal"));
    }

    @Override
    public AggregateIdentity newAggregateIdentity()
    {
        return new OrderAggregates();
    }

    @Override
    public String reasonName(final int reason)
    {
        return PaymentsReasons.name(reason);
    }

    /**
     * @param dir data directory.
     * @return where the order projection's Chronicle Map lives in it.
     */
    public static Path ordersFile(final Path dir)
    {
        return dir.resolve("projections").resolve("payment-orders.cm");
    }
}
