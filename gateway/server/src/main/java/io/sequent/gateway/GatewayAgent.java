package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.sequent.engine.CommandSource;
import io.sequent.engine.Engine;
import io.sequent.engine.domain.QueryHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.CachedNanoClock;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway as the engine's {@link CommandSource}: one agent whose duty cycle sends the engine's outcomes to their
 * clients ({@link OutcomeRouter}), takes frames off the Aeron ingress ({@link IngressAdapter}: checks, handshake,
 * commands into the command ring, queries) and, every {@value #HOUSEKEEPING_INTERVAL_MS} ms, publishes the engine's
 * positions to the counters and walks the sessions ({@link SessionHousekeeping}).
 * <p>
 * Every part is owned by the one thread the engine runs this agent on: the sessions, their publications, the
 * encoders and the engine's offering side, so nothing is shared and nothing is locked. Outcomes go first in each
 * cycle so that responses leave before more commands are taken.
 */
public final class GatewayAgent implements CommandSource
{
    /** Sessions walked and positions copied this often: soon enough to notice, too rarely to cost per message. */
    static final long HOUSEKEEPING_INTERVAL_MS = 10;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(HOUSEKEEPING_INTERVAL_MS);

    private final Subscription ingress;
    private final GatewayCounters counters;
    private final Supplier<QueryHandler> queryHandler;
    private final CachedNanoClock clock = new CachedNanoClock();
    private final EgressPublisher egress;
    private final SessionRegistry sessions;
    private final Handshake handshake;
    private final SessionHousekeeping housekeeping;
    private final SequentServer.Context ctx;
    private final CommandBridge bridge;
    private SubscriptionService subscriptions;
    private Engine<?> engine;
    private QueryEndpoint queries;
    private IngressAdapter ingressAdapter;
    private OutcomeRouter outcomes;
    private long nextHousekeepingNs;

    /**
     * @param aeron        client the ingress and the egress publications belong to.
     * @param ingress      subscription the clients send to.
     * @param counters     where the agent counts what it does.
     * @param ctx          the server's concluded configuration: credentials, session limits and timeouts.
     * @param queryHandler makes the domain's query handler once the engine has opened its projections, or null
     *                     (queries are then answered UNSUPPORTED).
     * @param bridge       commands of the other faces (HTTP), offered on this agent's thread.
     */
    public GatewayAgent(
        final Aeron aeron,
        final Subscription ingress,
        final GatewayCounters counters,
        final SequentServer.Context ctx,
        final Supplier<QueryHandler> queryHandler,
        final CommandBridge bridge)
    {
        this.ctx = ctx;
        this.bridge = bridge;
        this.ingress = ingress;
        this.counters = counters;
        this.queryHandler = queryHandler;
        this.egress = new EgressPublisher(counters);
        this.sessions = new SessionRegistry(egress, counters);
        this.handshake = new Handshake(aeron, sessions, egress, counters, clock, ctx.credentials(),
            ctx.maxSessions(), TimeUnit.MILLISECONDS.toNanos(ctx.handshakeTimeoutMs()));
        this.housekeeping = new SessionHousekeeping(sessions, handshake, ingress, counters,
            TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs()));
    }

    /**
     * Takes the recovered engine: from now on this agent is its only offering thread; opens the query handler,
     * whose projections the engine has opened by now.
     *
     * @param engine where commands go and outcomes come from.
     */
    @Override
    public void bind(final Engine<?> engine)
    {
        this.engine = engine;
        this.queries = new QueryEndpoint(queryHandler != null ? queryHandler.get() : null, counters);
        this.outcomes =
            new OutcomeRouter(sessions, egress, counters, bridge, engine.recoveryReport().lastSequence());
        this.subscriptions = new SubscriptionService(ctx.engine().journalDir(), ctx.engine().keyring(),
            ctx.audience() != null ? ctx.audience().get() : null, egress, sessions, counters, ctx.maxSubscriptions(),
            ctx.subscriptionsPerSession(), TimeUnit.MILLISECONDS.toNanos(ctx.subscriptionSlowMs()));
        this.ingressAdapter = new IngressAdapter(
            ingress, engine, sessions, handshake, queries, subscriptions, outcomes, egress, counters, clock);
    }

    @Override
    public String roleName()
    {
        return "sequent-gateway";
    }

    @Override
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        clock.update(nowNs);
        int work = engine.responder().poll(outcomes);
        work += ingressAdapter.poll();
        work += bridge.drain(engine, counters);
        work += subscriptions.doWork(outcomes.journaledSequence(), nowNs);
        if (nowNs >= nextHousekeepingNs)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            // Copied here so that engine threads never touch Aeron.
            counters.copyPositions(engine.positions(), outcomes.journaledSequence());
            work += housekeeping.doWork(nowNs);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(queries);
        CloseHelper.quietClose(subscriptions);
        final Throwable failure = engine != null ? engine.failure() : null;
        bridge.closeAll(failure == null ? "the server is closing" : "the server stops: its engine failed");
        sessions.closeAll(failure == null ? "the server is closing" :
            "the server stops: its engine failed (" + failure.getMessage() + ")");
    }

    /**
     * @return sessions open or connecting; for tests and tools, read on the agent's thread or after it stopped.
     */
    int sessionCount()
    {
        return sessions.size();
    }
}
