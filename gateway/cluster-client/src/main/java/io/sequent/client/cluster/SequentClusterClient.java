package io.sequent.client.cluster;

import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.AuthenticationException;
import io.sequent.client.CommandClient;
import io.sequent.client.CommandResult;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClientException;
import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A client of a Sequent cluster: the calls of {@code SequentClient} ({@link #offer}, {@link #poll()},
 * {@link #send}, the {@link ResponseListener}) over Aeron Cluster's ingress and egress. It finds the leader by
 * itself, follows it after a failover, and sends every unanswered command again, in order, once a new leader is
 * there or after it had to open a new session: the cluster truncates what it had not committed when its leader
 * died, and the engine's dedup ledger answers what it had applied as a duplicate, so each command is applied once.
 * <p>
 * An acknowledgement (a response) means the command is in a majority of the nodes' logs and applied by the leader's
 * engine. Authentication is Sequent's HMAC challenge through Aeron Cluster's authenticator; the secret never
 * travels. Threads: like {@code SequentClient}, one thread calls everything; listeners run inside {@link #poll()}.
 */
public final class SequentClusterClient implements CommandClient
{
    /** {@link #offer} result: pushed back (the cluster, or the window of unanswered commands): poll, retry. */
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;
    /** {@link #offer} result: no leader connected now (an election, a reconnect): poll, retry. */
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    /** {@link #offer} result: the client is closed. */
    public static final long CLOSED = Publication.CLOSED;
    /** {@link #offer} result: the command is larger than the context's maximum. */
    public static final long TOO_LARGE = -10;

    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
    private static final long KEEPALIVE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Context ctx;
    private final MediaDriver driver;
    private final ClusterWindow window;
    private final UnsafeBuffer sendBuffer;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final CommandHeaderEncoder commandEncoder = new CommandHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandResponseDecoder responseDecoder = new CommandResponseDecoder();
    private final UnsafeBuffer resultBuffer = new UnsafeBuffer(new byte[4096]);
    private final Egress egress = new Egress();
    // Backs off to a millisecond: on a small machine the nodes need the cores a spinning client would take.
    private final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
    private AeronCluster cluster;
    private long nextCorrelationId = System.currentTimeMillis() * 1_000_000L;
    private long resendFrom = -1;
    private long lastSentNs;
    private long resent;
    private long failovers;
    private long reconnects;
    private boolean closed;
    private long awaitedCorrelationId = Long.MIN_VALUE;
    private CommandResult awaited;

    private SequentClusterClient(final Context ctx)
    {
        this.ctx = ctx;
        this.window = new ClusterWindow(ctx.inFlightWindow, ctx.maxCommandLength);
        this.sendBuffer = new UnsafeBuffer(new byte[COMMAND_HEADER_LENGTH + ctx.maxCommandLength]);
        if (ctx.aeronDirectoryName == null)
        {
            driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(embeddedDirectory())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(256 * 1024)
                .ipcTermBufferLength(256 * 1024)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        else
        {
            driver = null;
        }
    }

    /**
     * Connects to the cluster's leader and opens an authenticated session, waiting up to the connect timeout.
     *
     * @param ctx the cluster's members and the client's credentials.
     * @return the connected client.
     * @throws SequentClientException when no leader answers in time (naming the endpoints) or the credentials are
     *                                refused.
     */
    public static SequentClusterClient connect(final Context ctx)
    {
        ctx.conclude();
        final SequentClusterClient client = new SequentClusterClient(ctx);
        try
        {
            client.openSession();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    /**
     * @return a correlation id not used before by this client (nor, the clock permitting, by an earlier run).
     */
    @Override
    public long nextCorrelationId()
    {
        return nextCorrelationId++;
    }

    /**
     * @return the member id of the leader the client talks to now.
     */
    public int leaderMemberId()
    {
        return cluster == null ? -1 : cluster.leaderMemberId();
    }

    /**
     * @return the cluster session's id (it changes when the client has to open a new session).
     */
    public long sessionId()
    {
        return cluster == null ? -1 : cluster.clusterSessionId();
    }

    /**
     * @return commands sent and not yet answered.
     */
    @Override
    public int inFlight()
    {
        return window.size();
    }

    /**
     * @return commands sent again after a failover or a new session.
     */
    @Override
    public long resent()
    {
        return resent;
    }

    /**
     * @return new leaders followed within the session.
     */
    public long failovers()
    {
        return failovers;
    }

    /**
     * @return new sessions opened after the previous one was lost.
     */
    @Override
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * Sends one command without blocking and keeps a copy until its response arrives.
     *
     * @param correlationId the client's id for it.
     * @param command       buffer holding the domain command.
     * @param offset        of the command.
     * @param length        of the command.
     * @return a positive position when sent, else {@link #BACK_PRESSURED}, {@link #NOT_CONNECTED},
     *         {@link #TOO_LARGE} or {@link #CLOSED}.
     */
    @Override
    public long offer(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (!window.fits(length))
        {
            return TOO_LARGE;
        }
        if (cluster == null || cluster.isClosed() || resendFrom >= 0)
        {
            return NOT_CONNECTED;
        }
        final boolean held = window.contains(correlationId);
        if (!held && window.isFull())
        {
            return BACK_PRESSURED;
        }
        final long result = send(correlationId, command, offset, length);
        if (result > 0)
        {
            if (!held)
            {
                window.add(correlationId, command, offset, length);
            }
            return result;
        }
        return result == Publication.NOT_CONNECTED || result == Publication.CLOSED ? NOT_CONNECTED : BACK_PRESSURED;
    }

    /**
     * Delivers responses, follows a new leader, sends unanswered commands again, keeps the session alive, and opens
     * a new session when the cluster closed the old one (waiting up to the connect timeout for a leader).
     *
     * @return work done.
     */
    @Override
    public int poll()
    {
        if (closed)
        {
            return 0;
        }
        if (cluster == null || cluster.isClosed())
        {
            CloseHelper.quietClose(cluster);
            cluster = null;
            openSession();
            reconnects++;
            resendFrom = window.head();
            return 1;
        }
        int work = cluster.pollEgress();
        if (resendFrom >= 0)
        {
            work += resend();
        }
        final long now = System.nanoTime();
        if (now - lastSentNs > KEEPALIVE_INTERVAL_NS && cluster.sendKeepAlive())
        {
            lastSentNs = now;
        }
        return work;
    }

    /**
     * Sends a command and waits for its response, polling meanwhile (other responses go to the listener); rides
     * over a failover within the timeout.
     *
     * @param command buffer holding the domain command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param timeout how long to wait.
     * @return the outcome.
     * @throws SequentClientException when no response arrives in time.
     */
    @Override
    public CommandResult send(final DirectBuffer command, final int offset, final int length, final Duration timeout)
    {
        final long correlationId = nextCorrelationId();
        final long deadline = System.nanoTime() + timeout.toNanos();
        awaitedCorrelationId = correlationId;
        awaited = null;
        try
        {
            boolean sent = false;
            while (awaited == null)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new SequentClientException("no response to command " + correlationId + " within " +
                        timeout.toMillis() + " ms from the cluster at " + ctx.ingressEndpoints);
                }
                if (!sent)
                {
                    final long result = offer(correlationId, command, offset, length);
                    sent = result > 0;
                    if (result == TOO_LARGE || result == CLOSED)
                    {
                        throw new SequentClientException("command not sent: " + (result == CLOSED ? "closed" :
                            "larger than " + ctx.maxCommandLength + " bytes"));
                    }
                }
                idle.idle(poll());
            }
            return awaited;
        }
        finally
        {
            awaitedCorrelationId = Long.MIN_VALUE;
        }
    }

    /**
     * Closes the session and the client's Aeron resources; unanswered commands are not sent again.
     */
    @Override
    public void close()
    {
        closed = true;
        CloseHelper.quietClose(cluster);
        cluster = null;
        CloseHelper.quietClose(driver);
    }

    private long send(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        commandEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .sessionId(cluster.clusterSessionId())
            .correlationId(correlationId)
            .token(0);
        sendBuffer.putBytes(COMMAND_HEADER_LENGTH, command, offset, length);
        final long result = cluster.offer(sendBuffer, 0, COMMAND_HEADER_LENGTH + length);
        if (result > 0)
        {
            lastSentNs = System.nanoTime();
        }
        return result;
    }

    private int resend()
    {
        if (!cluster.ingressPublication().isConnected())
        {
            return 0;
        }
        int sent = 0;
        long position = Math.max(resendFrom, window.head());
        final long tail = window.tail();
        while (position < tail)
        {
            if (window.isHeld(position))
            {
                final long result = send(window.correlationId(position), window.command(position), 0,
                    window.length(position));
                if (result < 0)
                {
                    resendFrom = position;
                    return sent;
                }
                sent++;
                resent++;
            }
            position++;
        }
        resendFrom = -1;
        return sent + 1;
    }

    private void openSession()
    {
        final long deadline = System.nanoTime() + ctx.connectTimeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline && !closed)
        {
            final AeronCluster.Context clusterContext = new AeronCluster.Context()
                .ingressChannel("aeron:udp?term-length=256k")
                .ingressEndpoints(ctx.ingressEndpoints)
                .egressChannel("aeron:udp?endpoint=" + ctx.egressHost + ":0")
                .aeronDirectoryName(driver != null ? driver.aeronDirectoryName() : ctx.aeronDirectoryName)
                .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
                .egressListener(egress)
                .credentialsSupplier(new HmacCredentials(ctx.clientId, ctx.secret));
            try
            {
                cluster = AeronCluster.connect(clusterContext);
                lastSentNs = System.nanoTime();
                return;
            }
            catch (final AuthenticationException ex)
            {
                throw new SequentClientException("the cluster refused client " + ctx.clientId + ": " +
                    ex.getMessage() + " (unknown client id or wrong secret; every node reads the same credentials " +
                    "file)", ex);
            }
            catch (final RuntimeException ex)
            {
                // No leader yet (an election takes a few seconds after start or a failure), or none reachable.
                last = ex;
                clusterContext.close();
            }
        }
        throw new SequentClientException("no leader of the cluster at " + ctx.ingressEndpoints + " opened a " +
            "session within " + ctx.connectTimeout.toMillis() + " ms" + (last == null ? "" : " (" +
            last.getMessage() + ")") + ": check that a majority of its nodes runs (`sequent cluster-node`)", last);
    }

    private static String embeddedDirectory()
    {
        final String name = "sequent-cluster-client-" + ProcessHandle.current().pid() + "-" +
            UUID.randomUUID().toString().substring(0, 8);
        final java.io.File shm = new java.io.File("/dev/shm");
        return (shm.isDirectory() && shm.canWrite() ? shm : new java.io.File(System.getProperty("java.io.tmpdir")))
            .toPath().resolve(name).toString();
    }

    /** The cluster's egress: responses, new leaders, session events. */
    private final class Egress implements EgressListener
    {
        @Override
        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            headerDecoder.wrap(buffer, offset);
            if (headerDecoder.schemaId() != CommandResponseDecoder.SCHEMA_ID ||
                headerDecoder.templateId() != CommandResponseDecoder.TEMPLATE_ID)
            {
                return;
            }
            responseDecoder.wrapAndApplyHeader(buffer, offset, headerDecoder);
            final long correlationId = responseDecoder.correlationId();
            final long sequence = responseDecoder.sequence();
            final long time = responseDecoder.timestamp();
            final int reason = responseDecoder.reason();
            final long detail = responseDecoder.detail();
            final boolean duplicate = responseDecoder.duplicate() == BooleanType.TRUE;
            final int resultLength = responseDecoder.resultLength();
            responseDecoder.getResult(resultBuffer, 0, resultLength);
            if (!window.release(correlationId))
            {
                // A second answer to a command sent twice: the first was delivered.
                return;
            }
            if (correlationId == awaitedCorrelationId)
            {
                final byte[] result = new byte[resultLength];
                resultBuffer.getBytes(0, result);
                awaited = new CommandResult(correlationId, sequence, time, reason, detail, duplicate, result);
            }
            else if (ctx.listener != null)
            {
                ctx.listener.onResponse(correlationId, sequence, time, reason, detail, duplicate, resultBuffer, 0,
                    resultLength);
            }
        }

        @Override
        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            if (code == EventCode.CLOSED || code == EventCode.ERROR)
            {
                // poll() opens a new session and sends the window again.
                CloseHelper.quietClose(cluster);
            }
        }

        @Override
        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            // What the old leader had not committed is gone: everything unanswered goes again, in order.
            failovers++;
            resendFrom = window.head();
        }
    }

    /**
     * A cluster client's settings.
     */
    public static final class Context
    {
        private String ingressEndpoints;
        private String aeronDirectoryName;
        private String egressHost = "localhost";
        private long clientId;
        private byte[] secret;
        private ResponseListener listener;
        private int inFlightWindow = 1024;
        private int maxCommandLength = Configuration.COMMAND_MAX_LENGTH_DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(30);

        /**
         * @param endpoints the members' client ports, {@code 0=host:port,1=host:port,...} (a node's READY line
         *                  prints them).
         * @return this.
         */
        public Context ingressEndpoints(final String endpoints)
        {
            this.ingressEndpoints = endpoints;
            return this;
        }

        /**
         * @param dir a running media driver's directory; when not set the client runs one of its own.
         * @return this.
         */
        public Context aeronDirectoryName(final String dir)
        {
            this.aeronDirectoryName = dir;
            return this;
        }

        /**
         * @param host the address the nodes send responses to (default localhost).
         * @return this.
         */
        public Context egressHost(final String host)
        {
            this.egressHost = host;
            return this;
        }

        /**
         * @param clientId the client's id, as in the nodes' credentials file.
         * @return this.
         */
        public Context clientId(final long clientId)
        {
            this.clientId = clientId;
            return this;
        }

        /**
         * @param secret the client's secret.
         * @return this.
         */
        public Context secret(final byte[] secret)
        {
            this.secret = secret.clone();
            return this;
        }

        /**
         * @param hex the client's secret in hex, as in the credentials file.
         * @return this.
         */
        public Context secretHex(final String hex)
        {
            this.secret = HexFormat.of().parseHex(hex);
            return this;
        }

        /**
         * @param listener gets each response, in {@link #poll()}.
         * @return this.
         */
        public Context responseListener(final ResponseListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * @param commands unanswered commands held at most (and sent again after a failover).
         * @return this.
         */
        public Context inFlightWindow(final int commands)
        {
            this.inFlightWindow = commands;
            return this;
        }

        /**
         * @param timeout how long to wait for a leader to open a session, at connect and after losing one.
         * @return this.
         */
        public Context connectTimeout(final Duration timeout)
        {
            this.connectTimeout = timeout;
            return this;
        }

        private void conclude()
        {
            if (ingressEndpoints == null || ingressEndpoints.isBlank())
            {
                throw new SequentClientException("the cluster's ingress endpoints are required " +
                    "(0=host:port,1=host:port,...: a node's READY line prints them)");
            }
            if (clientId <= 0 || secret == null)
            {
                throw new SequentClientException("a client id and its secret are required");
            }
        }
    }
}
