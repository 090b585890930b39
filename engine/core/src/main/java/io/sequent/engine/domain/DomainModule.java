package io.sequent.engine.domain;

import io.sequent.codecs.RejectReason;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A domain as a plug-in: everything a node needs to run it, found at start-up by its {@link #name()} through
 * {@link ServiceLoader} (a jar lists its module in {@code META-INF/services/io.sequent.engine.domain.DomainModule}),
 * so {@code sequent server --domain NAME} runs any domain on the class path, a user's own as the reference exchange.
 * <p>
 * Called once per node at start, never on the hot path.
 *
 * @param <S> the domain's state.
 */
public interface DomainModule<S>
{
    /**
     * @return the name a node is started with ({@code --domain}), lower case, unique on the class path.
     */
    String name();

    /**
     * A domain instance keeps flyweights and belongs to one thread, so the engine asks for one per thread that
     * handles or applies events (the sequencer, the snapshotter, tools).
     *
     * @return a new instance of the business rules.
     */
    Domain<S> newDomain();

    /**
     * Opens the domain's read models for their one writer, the engine's read side. The engine closes them.
     *
     * @param dataDir the node's data directory; projections keep their files under it.
     * @return the projections, possibly none.
     */
    default List<Projection> openProjections(final Path dataDir)
    {
        return List.of();
    }

    /**
     * Opens readers of the domain's read models for the thread that answers queries (the gateway's).
     *
     * @param dataDir the node's data directory, whose projections the engine has opened already.
     * @return the query handler, or null when the domain answers no queries.
     */
    default QueryHandler openQueryHandler(final Path dataDir)
    {
        return null;
    }

    /**
     * Opens what decides who sees which event in the gateway's subscriptions of scope OWN (a client's own
     * aggregates) and MARKET (public data), for the gateway's thread. Scope ALL needs none.
     *
     * @param dataDir the node's data directory, whose projections the engine has opened already.
     * @return the audience, or null when the domain serves neither scope.
     */
    default EventAudience openAudience(final Path dataDir)
    {
        return null;
    }

    /**
     * The domain's aggregates, for per-aggregate streams: the engine core's {@code AggregateIndex} projection (which
     * the module opens among its {@link #openProjections projections}) and {@code AggregateStream} ask it which
     * aggregate each event belongs to, and {@code sequent journal inspect --aggregate TYPE:ID} reads one
     * aggregate's events through it. Called once per reader; the instance belongs to the caller's thread.
     *
     * @return a new identity, or null (the default) when the domain keeps no per-aggregate streams.
     */
    default AggregateIdentity newAggregateIdentity()
    {
        return null;
    }

    /**
     * @param reason a reject reason code, the engine's (below 100) or the domain's.
     * @return its name, for counters and logs.
     */
    default String reasonName(final int reason)
    {
        return RejectReason.name(reason);
    }

    /**
     * @param name a module's {@link #name()}.
     * @return the module of that name on the class path.
     * @throws IllegalArgumentException naming the modules there are when none has that name.
     */
    static DomainModule<?> named(final String name)
    {
        final List<String> names = new ArrayList<>();
        for (final DomainModule<?> module : ServiceLoader.load(DomainModule.class))
        {
            if (module.name().equals(name))
            {
                return module;
            }
            names.add(module.name());
        }
        throw new IllegalArgumentException("no domain '" + name + "' on the class path; there are: " +
            (names.isEmpty() ? "none" : String.join(", ", names)));
    }
}
