package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.sequent.auth.Credentials;
import io.sequent.codecs.config.Settings;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineContext;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.EventAudience;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.codecs.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static io.sequent.gateway.ServerConfiguration.AERON_DIR_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.AUTH_FILE_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.EMBEDDED_DRIVER_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.EMBEDDED_DRIVER_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.HANDSHAKE_TIMEOUT_MS_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.HANDSHAKE_TIMEOUT_MS_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.IDLE_STRATEGY_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.IDLE_STRATEGY_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.INGRESS_CHANNEL_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.INGRESS_CHANNEL_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.INGRESS_STREAM_ID_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.INGRESS_STREAM_ID_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.SESSIONS_MAX_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.SESSIONS_MAX_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.SESSION_TIMEOUT_MS_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.SESSION_TIMEOUT_MS_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTIONS_MAX_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTIONS_MAX_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTIONS_PER_SESSION_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTIONS_PER_SESSION_PROP_NAME;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTION_SLOW_MS_DEFAULT;
import static io.sequent.gateway.ServerConfiguration.SUBSCRIPTION_SLOW_MS_PROP_NAME;
import io.sequent.codecs.config.Configuration;

/**
 * A Sequent node: the engine (recovered from its journal first), then the Aeron gateway in front of it, with an
 * embedded media driver unless told to use an external one.
 */
public final class SequentServer implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SequentServer.class);

    private final Context ctx;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final Engine<?> engine;
    private final Subscription ingress;
    private final GatewayCounters counters;
    private final String ingressChannel;
    private final CommandBridge bridge = new CommandBridge(CommandBridge.DEFAULT_CAPACITY);
    private boolean closed;

    private SequentServer(final Context ctx)
    {
        this.ctx = ctx;
        MediaDriver driver = null;
        Aeron aeron = null;
        Engine<?> engine = null;
        Subscription ingress = null;
        GatewayCounters counters = null;
        String ingressChannel = null;
        try
        {
            driver = ctx.embeddedDriver() ? EmbeddedDriver.launch(ctx.aeronDirectoryName()) : null;
            final String aeronDir = driver != null ? driver.aeronDirectoryName() : ctx.aeronDirectoryName();
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            ingress = IngressSubscription.open(aeron, ctx.ingressChannel(), ctx.ingressStreamId());
            // Before recovery, so a port that never binds closes what is open rather than leaves an engine running.
            ingressChannel = IngressSubscription.resolvedChannel(ingress, ctx.ingressChannel());
            counters = new GatewayCounters(aeron, ctx.reasonNames());
            // The gateway is the engine's command source: bound once recovery is done (no client is heard until
            // the state is whole), then run where the engine's threading mode puts it.
            ctx.engine()
                .commandSource(new GatewayAgent(aeron, ingress, counters, ctx, ctx.queryHandler(), bridge))
                .errorHandler(this::onEngineFailure);
            engine = Engine.launch(ctx.engine());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(counters, ingress, engine, aeron, driver);
            throw ex;
        }
        this.driver = driver;
        this.aeron = aeron;
        this.engine = engine;
        this.ingress = ingress;
        this.counters = counters;
        this.ingressChannel = ingressChannel;
        LOG.info("serving on {} stream {} (aeron dir {}), engine threading {}",
            ingressChannel, ctx.ingressStreamId(), aeron.context().aeronDirectoryName(), ctx.engine().threadingMode());
    }

    private void onEngineFailure(final Throwable ex)
    {
        // The engine has stopped and closed the gateway's sessions; whoever runs the server is told to stop it.
        LOG.error("the engine failed: the server stops serving", ex);
        final Runnable hook = ctx.terminationHook();
        if (hook != null)
        {
            hook.run();
        }
    }

    /**
     * Recovers the engine and opens the gateway.
     *
     * @param ctx configuration; {@link Context#conclude()} is called here.
     * @return the running server.
     */
    public static SequentServer launch(final Context ctx)
    {
        ctx.conclude();
        return new SequentServer(ctx);
    }

    /** @return the ingress channel clients connect to, with the port the OS chose when it was configured as 0. */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    /** @return the ingress stream id. */
    public int ingressStreamId()
    {
        return ctx.ingressStreamId();
    }

    /** @return the Aeron directory of the driver the server uses. */
    public String aeronDirectoryName()
    {
        return aeron.context().aeronDirectoryName();
    }

    /** @return the gateway's counters. */
    public GatewayCounters counters()
    {
        return counters;
    }

    /**
     * @return where the other faces (HTTP) submit commands, into the same command path and ledger as Aeron clients.
     */
    public CommandBridge commandBridge()
    {
        return bridge;
    }

    /**
     * @return a reader of the Aeron counters the gateway keeps ({@link GatewayCounters#TYPE_ID}), for any thread.
     */
    public CountersReader countersReader()
    {
        return aeron.countersReader();
    }

    /**
     * @return the server's concluded configuration.
     */
    public Context context()
    {
        return ctx;
    }

    /** @return the engine behind the gateway. */
    public Engine<?> engine()
    {
        return engine;
    }

    /**
     * Stops the gateway, drains and closes the engine (journal and projections), then the Aeron client and driver.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        // The engine stops its command source (this gateway: sessions closed with a reason) before it drains.
        engine.close();
        LOG.info("closed; gateway counters: {}", counters.summary());
        CloseHelper.quietCloseAll(counters, ingress, aeron, driver);
    }

    /**
     * Configuration of a {@link SequentServer}. Each setting is read when the context is made, through
     * {@link Settings} (a system property, environment variable or config file, named in {@link ServerConfiguration}
     * and in its setter), so a value set in code always wins.
     */
    public static final class Context
    {
        private String ingressChannel = Settings.string(INGRESS_CHANNEL_PROP_NAME, INGRESS_CHANNEL_DEFAULT);
        private int ingressStreamId = Settings.intValue(INGRESS_STREAM_ID_PROP_NAME, INGRESS_STREAM_ID_DEFAULT);
        private String aeronDirectoryName = Settings.string(AERON_DIR_PROP_NAME, null);
        private boolean embeddedDriver = Settings.booleanValue(EMBEDDED_DRIVER_PROP_NAME, EMBEDDED_DRIVER_DEFAULT);
        private int maxSessions = Settings.intValue(SESSIONS_MAX_PROP_NAME, SESSIONS_MAX_DEFAULT);
        private long sessionTimeoutMs = Settings.longValue(SESSION_TIMEOUT_MS_PROP_NAME, SESSION_TIMEOUT_MS_DEFAULT);
        private long handshakeTimeoutMs =
            Settings.longValue(HANDSHAKE_TIMEOUT_MS_PROP_NAME, HANDSHAKE_TIMEOUT_MS_DEFAULT);
        private Path authFile = pathOrNull(Settings.string(AUTH_FILE_PROP_NAME, null));
        private Credentials credentials;
        private String idleStrategy = Settings.string(IDLE_STRATEGY_PROP_NAME, IDLE_STRATEGY_DEFAULT);
        private Runnable terminationHook;
        private EngineContext<?> engine;
        private Supplier<QueryHandler> queryHandler;
        private Supplier<EventAudience> audience;
        private int maxSubscriptions = Settings.intValue(SUBSCRIPTIONS_MAX_PROP_NAME, SUBSCRIPTIONS_MAX_DEFAULT);
        private int subscriptionsPerSession =
            Settings.intValue(SUBSCRIPTIONS_PER_SESSION_PROP_NAME, SUBSCRIPTIONS_PER_SESSION_DEFAULT);
        private long subscriptionSlowMs =
            Settings.longValue(SUBSCRIPTION_SLOW_MS_PROP_NAME, SUBSCRIPTION_SLOW_MS_DEFAULT);
        private IntFunction<String> reasonNames = RejectReason::name;

        /**
         * Validates and fills defaults.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (engine == null)
            {
                throw new IllegalStateException("an engine context (with its domain) is required");
            }
            if (!ingressChannel.startsWith("aeron:"))
            {
                throw new IllegalStateException("the ingress channel must be an Aeron URI: " + ingressChannel);
            }
            if (!embeddedDriver && aeronDirectoryName == null)
            {
                throw new IllegalStateException("an external driver needs its directory: set aeron.dir");
            }
            if (maxSessions < 1)
            {
                throw new IllegalStateException("max sessions must be at least 1: " + maxSessions);
            }
            if (maxSubscriptions < 0 || subscriptionsPerSession < 0 || subscriptionSlowMs < 1)
            {
                throw new IllegalStateException("subscription limits must be >= 0 and the slow-consumer time >= 1 " +
                    "ms: " + maxSubscriptions + ", " + subscriptionsPerSession + ", " + subscriptionSlowMs + " ms");
            }
            if (sessionTimeoutMs < 1 || handshakeTimeoutMs < 1)
            {
                throw new IllegalStateException("session and handshake timeouts must be positive: " +
                    sessionTimeoutMs + " ms, " + handshakeTimeoutMs + " ms");
            }
            if (credentials == null && authFile != null)
            {
                credentials = loadCredentials(authFile);
            }
            if (credentials == null || credentials.size() == 0)
            {
                throw new IllegalStateException("no client credentials, so no client could connect: create a " +
                    "credentials file with `sequent credentials add --file <file> --client <id>` (it prints the " +
                    "client's secret) and give it with --auth-file or -D" + AUTH_FILE_PROP_NAME);
            }
            if (engine.sourceIdleStrategy() == null)
            {
                engine.sourceIdleStrategy(Configuration.idleStrategy(idleStrategy));
            }
            return this;
        }

        private static Credentials loadCredentials(final Path file)
        {
            if (!Files.isRegularFile(file))
            {
                throw new IllegalStateException("the credentials file " + file + " does not exist: create it with " +
                    "`sequent credentials add --file " + file + " --client <id>`");
            }
            return Credentials.load(file);
        }

        private static Path pathOrNull(final String path)
        {
            return path != null ? Path.of(path) : null;
        }

        /**
         * @param channel Aeron URI clients send commands to (property {@code sequent.ingress.channel}, default
         *                {@code aeron:udp?endpoint=localhost:40123}; port 0 lets the OS choose; {@code aeron:ipc}
         *                for clients on the same driver).
         * @return this.
         */
        public Context ingressChannel(final String channel)
        {
            this.ingressChannel = channel;
            return this;
        }

        /** @return Aeron URI of the ingress. */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * @param streamId of the ingress (property {@code sequent.ingress.stream}, default 10).
         * @return this.
         */
        public Context ingressStreamId(final int streamId)
        {
            this.ingressStreamId = streamId;
            return this;
        }

        /** @return stream id of the ingress. */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param dir Aeron directory (property {@code aeron.dir}); with the embedded driver, null picks a unique one.
         * @return this.
         */
        public Context aeronDirectoryName(final String dir)
        {
            this.aeronDirectoryName = dir;
            return this;
        }

        /** @return Aeron directory, or null for a unique one. */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param embedded whether to run a media driver in this process (property {@code sequent.embedded.driver}).
         * @return this.
         */
        public Context embeddedDriver(final boolean embedded)
        {
            this.embeddedDriver = embedded;
            return this;
        }

        /** @return whether to run a media driver in this process. */
        public boolean embeddedDriver()
        {
            return embeddedDriver;
        }

        /**
         * @param ms how long an open session may stay silent before it is closed (property
         *           {@code sequent.session.timeout.ms}, default 10,000); clients send keepalives when idle.
         * @return this.
         */
        public Context sessionTimeoutMs(final long ms)
        {
            this.sessionTimeoutMs = ms;
            return this;
        }

        /** @return how long an open session may stay silent, in milliseconds. */
        public long sessionTimeoutMs()
        {
            return sessionTimeoutMs;
        }

        /**
         * @param ms how long a client has from its connect to a proven credential (property
         *           {@code sequent.handshake.timeout.ms}, default 5,000).
         * @return this.
         */
        public Context handshakeTimeoutMs(final long ms)
        {
            this.handshakeTimeoutMs = ms;
            return this;
        }

        /** @return how long a handshake may take, in milliseconds. */
        public long handshakeTimeoutMs()
        {
            return handshakeTimeoutMs;
        }

        /**
         * @param file credentials file, lines {@code clientId=hex secret}, readable by its owner only (property
         *             {@code sequent.auth.file}); read in {@link #conclude()} unless credentials are given directly.
         * @return this.
         */
        public Context authFile(final Path file)
        {
            this.authFile = file;
            return this;
        }

        /** @return the credentials file, or null. */
        public Path authFile()
        {
            return authFile;
        }

        /**
         * @param credentials the clients the server knows and their secrets (tests and embedded use).
         * @return this.
         */
        public Context credentials(final Credentials credentials)
        {
            this.credentials = credentials;
            return this;
        }

        /** @return the clients the server knows; set once concluded. */
        public Credentials credentials()
        {
            return credentials;
        }

        /**
         * @param max sessions open at once (property {@code sequent.sessions.max}, default 64); each client has at
         *            most one: a client's new session replaces its old one.
         * @return this.
         */
        public Context maxSessions(final int max)
        {
            this.maxSessions = max;
            return this;
        }

        /** @return sessions open at once. */
        public int maxSessions()
        {
            return maxSessions;
        }

        /**
         * @param name the gateway agent's idle strategy: backoff (default), yielding, sleeping or busy-spin
         *             (property {@code sequent.idle.strategy}).
         * @return this.
         */
        public Context idleStrategy(final String name)
        {
            this.idleStrategy = name;
            return this;
        }

        /** @return the gateway agent's idle strategy. */
        public String idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param hook run once when the engine fails and the server stops serving (the command line signals its
         *             shutdown barrier, so the process exits non-zero rather than hold its clients).
         * @return this.
         */
        public Context terminationHook(final Runnable hook)
        {
            this.terminationHook = hook;
            return this;
        }

        /** @return run when the engine fails, or null. */
        public Runnable terminationHook()
        {
            return terminationHook;
        }

        /**
         * @param factory makes the domain's query handler, once, after the engine has opened its projections; the
         *                handler then belongs to the gateway thread. Null (the default): queries are answered
         *                UNSUPPORTED.
         * @return this.
         */
        public Context queryHandler(final Supplier<QueryHandler> factory)
        {
            this.queryHandler = factory;
            return this;
        }

        /** @return makes the domain's query handler, or null. */
        public Supplier<QueryHandler> queryHandler()
        {
            return queryHandler;
        }

        /**
         * @param names names reject reason codes for the per-reason counters' labels (default: the engine's names,
         *              {@code DOMAIN_<code>} for a domain's).
         * @return this.
         */
        public Context reasonNames(final IntFunction<String> names)
        {
            this.reasonNames = names;
            return this;
        }

        /** @return names reject reason codes. */
        public IntFunction<String> reasonNames()
        {
            return reasonNames;
        }

        /**
         * Serves a domain plug-in over a data directory: the engine runs its rules and read models, queries are
         * answered by its query handler and its reject reasons are named in the counters.
         *
         * @param module  the domain.
         * @param dataDir the node's data directory.
         * @return this.
         */
        public Context module(final DomainModule<?> module, final Path dataDir)
        {
            this.engine = engineContext(module).dataDir(dataDir);
            this.queryHandler = () -> module.openQueryHandler(dataDir);
            this.audience = () -> module.openAudience(dataDir);
            this.reasonNames = module::reasonName;
            return this;
        }

        /**
         * @param factory makes the domain's audience for subscriptions of scope OWN and MARKET, once, after the
         *                engine has opened its projections; null (the default without a module): only scope ALL.
         * @return this.
         */
        public Context audience(final Supplier<EventAudience> factory)
        {
            this.audience = factory;
            return this;
        }

        /**
         * @return makes the domain's audience, or null.
         */
        public Supplier<EventAudience> audience()
        {
            return audience;
        }

        /**
         * @param max subscriptions open at once over all sessions (property {@code sequent.subscriptions.max},
         *            default 64).
         * @param perSession subscriptions one session may hold (property {@code sequent.subscriptions.per.session},
         *                   default 8).
         * @return this.
         */
        public Context maxSubscriptions(final int max, final int perSession)
        {
            this.maxSubscriptions = max;
            this.subscriptionsPerSession = perSession;
            return this;
        }

        /**
         * @return subscriptions open at once over all sessions.
         */
        public int maxSubscriptions()
        {
            return maxSubscriptions;
        }

        /**
         * @return subscriptions one session may hold.
         */
        public int subscriptionsPerSession()
        {
            return subscriptionsPerSession;
        }

        /**
         * @param ms how long a subscriber may take no event before it is dropped {@code SLOW_CONSUMER} (property
         *           {@code sequent.subscription.slow.ms}, default 5,000).
         * @return this.
         */
        public Context subscriptionSlowMs(final long ms)
        {
            this.subscriptionSlowMs = ms;
            return this;
        }

        /**
         * @return how long a subscriber may take no event, in milliseconds.
         */
        public long subscriptionSlowMs()
        {
            return subscriptionSlowMs;
        }

        private static <S> EngineContext<S> engineContext(final DomainModule<S> module)
        {
            return new EngineContext<S>().module(module);
        }

        /**
         * @param engine the engine's configuration, with its domain and projections.
         * @return this.
         */
        public Context engine(final EngineContext<?> engine)
        {
            this.engine = engine;
            return this;
        }

        /** @return the engine's configuration. */
        public EngineContext<?> engine()
        {
            return engine;
        }
    }
}
