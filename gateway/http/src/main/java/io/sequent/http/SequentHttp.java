package io.sequent.http;

import io.sequent.codecs.config.Settings;
import io.sequent.gateway.SequentServer;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * The HTTP face of a {@link SequentServer}: health, readiness and Prometheus metrics; reads from the domain's
 * projections (through the domain's own query handler) and from the journal; HMAC-signed commands through the
 * gateway's command path and dedup ledger; a dashboard at {@code /}.
 * <p>
 * Undertow runs it on its own threads (one I/O thread, a few workers), never the engine's: a query reads the
 * projections' memory-mapped files, a command is handed to the gateway agent, which stays the command ring's one
 * offering thread.
 */
public final class SequentHttp implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SequentHttp.class);

    private final Undertow undertow;
    private final Context ctx;
    private final Metrics metrics;
    private final QueryService queries;
    private final EventsService events;
    private final int port;
    private boolean closed;

    private SequentHttp(final SequentServer server, final Context ctx)
    {
        this.ctx = ctx;
        this.metrics = new Metrics(server);
        QueryService queries = null;
        try
        {
            queries = new QueryService(server, ctx);
            this.events = new EventsService(server);
            final CommandService commands = new CommandService(server, ctx, metrics);
            final Probes probes = new Probes(server, ctx);
            final Dashboard dashboard = new Dashboard();
            final QueryService reads = queries;
            final RoutingHandler routes = new RoutingHandler()
                .get("/", dashboard::serve)
                .get("/health", probes::health)
                .get("/ready", probes::ready)
                .get("/metrics", metrics::serve)
                .get("/accounts/{id}", reads::account)
                .get("/accounts/{id}/orders", reads::accountOrders)
                .get("/orders/{id}", reads::order)
                .get("/instruments", reads::instruments)
                .get("/instruments/{id}/book", reads::book)
                .get("/events", events::serve)
                .post("/commands/{type}", commands::serve)
                .setFallbackHandler(exchange -> Json.error(exchange,
                    new ApiException(404, "NOT_FOUND", "no route " + exchange.getRequestMethod() + " " +
                        exchange.getRequestPath())))
                .setInvalidMethodHandler(exchange -> Json.error(exchange,
                    new ApiException(405, "METHOD_NOT_ALLOWED", exchange.getRequestMethod() + " is not served on " +
                        exchange.getRequestPath())));
            final HttpHandler root = new BlockingHandler(exchange -> handle(routes, exchange));
            this.undertow = Undertow.builder()
                .addHttpListener(ctx.port(), ctx.host())
                .setIoThreads(1)
                .setWorkerThreads(ctx.workerThreads())
                .setHandler(root)
                .build();
            undertow.start();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(queries);
            throw ex;
        }
        this.queries = queries;
        this.port = ((InetSocketAddress)undertow.getListenerInfo().get(0).getAddress()).getPort();
        LOG.info("HTTP face on {}", url());
    }

    private void handle(final RoutingHandler routes, final HttpServerExchange exchange) throws Exception
    {
        final long startNs = System.nanoTime();
        try
        {
            routes.handleRequest(exchange);
        }
        catch (final ApiException ex)
        {
            Json.error(exchange, ex);
        }
        catch (final RuntimeException ex)
        {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestPath(), ex);
            Json.error(exchange, new ApiException(500, "INTERNAL", ex.toString()));
        }
        finally
        {
            metrics.requestServed(exchange, System.nanoTime() - startNs);
        }
    }

    /**
     * Starts the HTTP face of a running server.
     *
     * @param server the server whose engine, gateway and projections it serves.
     * @param ctx    its settings.
     * @return the running face.
     */
    public static SequentHttp launch(final SequentServer server, final Context ctx)
    {
        ctx.conclude();
        return new SequentHttp(server, ctx);
    }

    /**
     * @return the port it listens on (the one the OS chose when configured as 0).
     */
    public int port()
    {
        return port;
    }

    /**
     * @return its base URL, such as {@code http://127.0.0.1:8080}.
     */
    public String url()
    {
        final String host = ctx.host().contains(":") ? "[" + ctx.host() + "]" : ctx.host();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
    }

    /**
     * Stops listening; requests in flight are cut. Close it before the server.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        undertow.stop();
        CloseHelper.quietCloseAll(queries);
    }

    static void noCache(final HttpServerExchange exchange)
    {
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    }

    /**
     * The HTTP face's settings, read when the context is made through {@link Settings} (a value set in code wins);
     * names and defaults in {@link HttpConfiguration}.
     */
    public static final class Context
    {
        private int port = Settings.intValue(HttpConfiguration.PORT_PROP_NAME, -1);
        private String host = Settings.string(HttpConfiguration.HOST_PROP_NAME, HttpConfiguration.HOST_DEFAULT);
        private int maxBodyBytes =
            Settings.intValue(HttpConfiguration.MAX_BODY_BYTES_PROP_NAME, HttpConfiguration.MAX_BODY_BYTES_DEFAULT);
        private long waitMaxMs =
            Settings.longValue(HttpConfiguration.WAIT_MAX_MS_PROP_NAME, HttpConfiguration.WAIT_MAX_MS_DEFAULT);
        private long commandTimeoutMs = Settings.longValue(HttpConfiguration.COMMAND_TIMEOUT_MS_PROP_NAME,
            HttpConfiguration.COMMAND_TIMEOUT_MS_DEFAULT);
        private long signatureSkewMs = Settings.longValue(HttpConfiguration.SIGNATURE_SKEW_MS_PROP_NAME,
            HttpConfiguration.SIGNATURE_SKEW_MS_DEFAULT);
        private long readyMaxLag =
            Settings.longValue(HttpConfiguration.READY_MAX_LAG_PROP_NAME, HttpConfiguration.READY_MAX_LAG_DEFAULT);
        private int workerThreads = Settings.intValue(HttpConfiguration.WORKER_THREADS_PROP_NAME,
            HttpConfiguration.WORKER_THREADS_DEFAULT);

        /**
         * Validates.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (port < 0 || port > 65535)
            {
                throw new IllegalStateException("the HTTP face needs a port in [0, 65535] (--http PORT or " +
                    HttpConfiguration.PORT_PROP_NAME + "): " + port);
            }
            if (maxBodyBytes < 1 || waitMaxMs < 0 || commandTimeoutMs < 1 || signatureSkewMs < 1 || readyMaxLag < 0 ||
                workerThreads < 1)
            {
                throw new IllegalStateException("HTTP limits must be positive: body " + maxBodyBytes + " B, wait " +
                    waitMaxMs + " ms, command timeout " + commandTimeoutMs + " ms, skew " + signatureSkewMs +
                    " ms, lag " + readyMaxLag + ", workers " + workerThreads);
            }
            return this;
        }

        /**
         * @return whether a port is set: the face is on.
         */
        public boolean enabled()
        {
            return port >= 0;
        }

        /**
         * @param port to listen on (property {@code sequent.http.port}; 0: the OS chooses; unset: no HTTP face).
         * @return this.
         */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        /** @return the port to listen on, -1 when none is set. */
        public int port()
        {
            return port;
        }

        /**
         * @param host address to bind (property {@code sequent.http.host}, default 127.0.0.1).
         * @return this.
         */
        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        /** @return the address to bind. */
        public String host()
        {
            return host;
        }

        /**
         * @param bytes largest request body (property {@code sequent.http.max.body.bytes}, default 16 KiB).
         * @return this.
         */
        public Context maxBodyBytes(final int bytes)
        {
            this.maxBodyBytes = bytes;
            return this;
        }

        /** @return the largest request body taken. */
        public int maxBodyBytes()
        {
            return maxBodyBytes;
        }

        /**
         * @param ms longest wait for {@code ?atLeast=} (property {@code sequent.http.wait.max.ms}, default 5,000).
         * @return this.
         */
        public Context waitMaxMs(final long ms)
        {
            this.waitMaxMs = ms;
            return this;
        }

        /** @return the longest wait for {@code ?atLeast=}, in milliseconds. */
        public long waitMaxMs()
        {
            return waitMaxMs;
        }

        /**
         * @param ms longest wait for a command's outcome (property {@code sequent.http.command.timeout.ms}).
         * @return this.
         */
        public Context commandTimeoutMs(final long ms)
        {
            this.commandTimeoutMs = ms;
            return this;
        }

        /** @return the longest wait for a command's outcome, in milliseconds. */
        public long commandTimeoutMs()
        {
            return commandTimeoutMs;
        }

        /**
         * @param ms how far a signature's timestamp may be from now (property {@code sequent.http.signature.skew.ms}).
         * @return this.
         */
        public Context signatureSkewMs(final long ms)
        {
            this.signatureSkewMs = ms;
            return this;
        }

        /** @return how far a signature's timestamp may be from now, in milliseconds. */
        public long signatureSkewMs()
        {
            return signatureSkewMs;
        }

        /**
         * @param entries projection lag above which {@code /ready} fails (property {@code sequent.http.ready.max.lag}).
         * @return this.
         */
        public Context readyMaxLag(final long entries)
        {
            this.readyMaxLag = entries;
            return this;
        }

        /** @return the projection lag above which {@code /ready} fails. */
        public long readyMaxLag()
        {
            return readyMaxLag;
        }

        /**
         * @param threads worker threads (property {@code sequent.http.worker.threads}, default 4).
         * @return this.
         */
        public Context workerThreads(final int threads)
        {
            this.workerThreads = threads;
            return this;
        }

        /** @return worker threads. */
        public int workerThreads()
        {
            return workerThreads;
        }
    }
}
