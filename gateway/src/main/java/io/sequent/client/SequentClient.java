package io.sequent.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.ConnectEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.QueryRequestEncoder;
import io.sequent.codecs.session.QueryResponseDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventDecoder;
import io.sequent.engine.domain.QueryStatus;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;

/**
 * A connection to a Sequent server over Aeron: opens a session, sends commands, delivers their outcomes.
 * <p>
 * Not thread-safe: one thread sends and polls. {@link #offer} and {@link #poll()} never block and allocate
 * nothing; {@link #send} is a blocking convenience for scripts and tests.
 * <pre>{@code
 * try (SequentClient client = SequentClient.connect(new SequentClient.Context()
 *     .aeronDirectoryName(dir).ingressChannel("aeron:udp?endpoint=localhost:40123")))
 * {
 *     CommandResult result = client.send(buffer, 0, length, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SequentClient implements AutoCloseable, FragmentHandler
{
    /** {@link #offer} result: not sent now, because the server or the network pushes back; try again. */
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;

    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
    private static final int FRAGMENT_LIMIT = 64;
    private static final int QUERY_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + QueryRequestEncoder.BLOCK_LENGTH;

    private final Context ctx;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private final ExclusivePublication ingress;
    private final Subscription egress;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandHeaderEncoder commandHeaderEncoder = new CommandHeaderEncoder();
    private final CommandResponseDecoder responseDecoder = new CommandResponseDecoder();
    private final SessionEventDecoder sessionEventDecoder = new SessionEventDecoder();
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    private final QueryRequestEncoder queryRequestEncoder = new QueryRequestEncoder();
    private final QueryResponseDecoder queryResponseDecoder = new QueryResponseDecoder();
    private final UnsafeBuffer queryHeaderBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final QueryListener queryListener;
    private long awaitedQueryId = Long.MIN_VALUE;
    private QueryResult awaitedQueryResult;
    private final ResponseListener listener;
    private long sessionId = Long.MIN_VALUE;
    private String sessionRefusal;
    private long nextCorrelationId;
    private long awaitedCorrelationId = Long.MIN_VALUE;
    private CommandResult awaitedResult;
    private boolean awaitConnect;
    private long connectCorrelationId;

    private SequentClient(final Context ctx)
    {
        this.ctx = ctx;
        this.listener = ctx.responseListener();
        this.queryListener = ctx.queryListener();
        this.ownsAeron = ctx.aeron() == null;
        this.aeron = ownsAeron ? Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) :
            ctx.aeron();
        ExclusivePublication ingress = null;
        Subscription egress = null;
        try
        {
            egress = aeron.addSubscription(ctx.egressChannel(), ctx.egressStreamId());
            ingress = aeron.addExclusivePublication(ctx.ingressChannel(), ctx.ingressStreamId());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(ingress, egress);
            if (ownsAeron)
            {
                aeron.close();
            }
            throw ex;
        }
        this.ingress = ingress;
        this.egress = egress;
        this.nextCorrelationId = System.nanoTime();
    }

    /**
     * Connects to a server and opens a session, waiting up to the context's connect timeout.
     *
     * @param ctx configuration; {@link Context#conclude()} is called here.
     * @return the connected client.
     * @throws SequentClientException when no server answers in time or it refuses the session.
     */
    public static SequentClient connect(final Context ctx)
    {
        ctx.conclude();
        final SequentClient client = new SequentClient(ctx);
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

    private void openSession()
    {
        final long deadline = System.nanoTime() + ctx.connectTimeout().toNanos();
        final String egressChannel = awaitEgressChannel(deadline);
        while (!ingress.isConnected())
        {
            checkDeadline(deadline, "no server is listening on " + ctx.ingressChannel() + " stream " +
                ctx.ingressStreamId() + ": start one, or check the channel");
            idle.idle();
        }

        connectCorrelationId = nextCorrelationId();
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .correlationId(connectCorrelationId)
            .responseStreamId(ctx.egressStreamId())
            .responseChannel(egressChannel);
        offerControl(MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength(), deadline);

        awaitConnect = true;
        idle.reset();
        while (sessionId == Long.MIN_VALUE && sessionRefusal == null)
        {
            checkDeadline(deadline, "the server at " + ctx.ingressChannel() + " did not open a session in time");
            idle.idle(poll());
        }
        awaitConnect = false;
        if (sessionRefusal != null)
        {
            throw new SequentClientException("the server refused the session: " + sessionRefusal);
        }
    }

    private String awaitEgressChannel(final long deadline)
    {
        if (!ctx.egressChannel().startsWith("aeron:udp"))
        {
            return ctx.egressChannel();
        }
        String resolved;
        while ((resolved = egress.tryResolveChannelEndpointPort()) == null)
        {
            checkDeadline(deadline, "the egress " + ctx.egressChannel() + " did not bind in time");
            idle.idle();
        }
        return resolved;
    }

    private void offerControl(final int length, final long deadline)
    {
        idle.reset();
        long result;
        while ((result = ingress.offer(controlBuffer, 0, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new SequentClientException("the ingress publication is closed");
            }
            checkDeadline(deadline, "could not send to " + ctx.ingressChannel() + " in time");
            idle.idle();
        }
    }

    private static void checkDeadline(final long deadline, final String message)
    {
        if (System.nanoTime() > deadline)
        {
            throw new SequentClientException(message);
        }
    }

    /**
     * @return a correlation id not used before by this client.
     */
    public long nextCorrelationId()
    {
        return nextCorrelationId++;
    }

    /**
     * @return the session id the server gave this client.
     */
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * Sends one command without blocking; its outcome arrives through the {@link ResponseListener} in a later
     * {@link #poll()}.
     *
     * @param correlationId the client's id for the command, echoed in its response.
     * @param command       buffer holding the domain command (its SBE header and body).
     * @param offset        of the command.
     * @param length        of the command.
     * @return a positive position when sent; else an Aeron {@link Publication} code, {@link #BACK_PRESSURED} when
     *         the server or the network pushes back (poll, then try again).
     */
    public long offer(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        commandHeaderEncoder.wrapAndApplyHeader(headerBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId);
        return ingress.offer(headerBuffer, 0, COMMAND_HEADER_LENGTH, command, offset, length);
    }

    /**
     * Delivers the responses that have arrived to the {@link ResponseListener}.
     *
     * @return fragments read.
     */
    public int poll()
    {
        return egress.poll(assembler, FRAGMENT_LIMIT);
    }

    /**
     * Sends a command and waits for its outcome; other outcomes that arrive meanwhile go to the listener.
     *
     * @param command buffer holding the domain command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param timeout how long to wait.
     * @return the outcome.
     * @throws SequentClientException when no outcome arrives in time.
     */
    public CommandResult send(final DirectBuffer command, final int offset, final int length, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final long correlationId = nextCorrelationId();
        idle.reset();
        long result;
        while ((result = offer(correlationId, command, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new SequentClientException("the ingress publication is closed");
            }
            checkDeadline(deadline, "command " + correlationId + " could not be sent in time (" + result + ")");
            idle.idle(poll());
        }

        awaitedCorrelationId = correlationId;
        awaitedResult = null;
        idle.reset();
        try
        {
            while (awaitedResult == null)
            {
                checkDeadline(deadline, "no response to command " + correlationId + " within " + timeout);
                idle.idle(poll());
            }
            return awaitedResult;
        }
        finally
        {
            awaitedCorrelationId = Long.MIN_VALUE;
        }
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        switch (headerDecoder.templateId())
        {
            case CommandResponseDecoder.TEMPLATE_ID ->
            {
                responseDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                final long correlationId = responseDecoder.correlationId();
                if (correlationId == awaitedCorrelationId)
                {
                    awaitedResult = new CommandResult(correlationId, responseDecoder.sequence(),
                        responseDecoder.timestamp(), responseDecoder.reason(), responseDecoder.detail(),
                        responseDecoder.duplicate() == BooleanType.TRUE);
                }
                else if (listener != null)
                {
                    listener.onResponse(correlationId, responseDecoder.sequence(), responseDecoder.timestamp(),
                        responseDecoder.reason(), responseDecoder.detail(),
                        responseDecoder.duplicate() == BooleanType.TRUE);
                }
            }
            case QueryResponseDecoder.TEMPLATE_ID -> onQueryResponse(buffer, offset, length, bodyOffset);
            case SessionEventDecoder.TEMPLATE_ID ->
            {
                sessionEventDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
                if (awaitConnect && sessionEventDecoder.correlationId() == connectCorrelationId)
                {
                    final SessionCode code = sessionEventDecoder.code();
                    final long id = sessionEventDecoder.sessionId();
                    final String detail = sessionEventDecoder.detail();
                    if (code == SessionCode.OK)
                    {
                        sessionId = id;
                    }
                    else
                    {
                        sessionRefusal = detail;
                    }
                }
            }
            default ->
            {
            }
        }
    }

    /**
     * Sends one query without blocking; the gateway answers it from the read models (never through the engine's
     * sequencer), and the answer arrives through the {@link QueryListener} in a later {@link #poll()}.
     *
     * @param correlationId the client's id for the query, echoed in its answer.
     * @param minSequence   answer only from a read model at or past this journal sequence, e.g. the sequence of
     *                      this client's own write (0: any); else the answer is NOT_YET.
     * @param query         buffer holding the domain's query (its SBE header and body).
     * @param offset        of the query.
     * @param length        of the query.
     * @return a positive position when sent; else an Aeron {@link Publication} code (poll, then try again).
     */
    public long offerQuery(
        final long correlationId, final long minSequence, final DirectBuffer query, final int offset, final int length)
    {
        queryRequestEncoder.wrapAndApplyHeader(queryHeaderBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId)
            .minSequence(minSequence);
        return ingress.offer(queryHeaderBuffer, 0, QUERY_HEADER_LENGTH, query, offset, length);
    }

    /**
     * Sends a query and waits for its answer, whatever its status; answers to other queries and command outcomes
     * that arrive meanwhile go to the listeners.
     *
     * @param query       buffer holding the domain's query.
     * @param offset      of the query.
     * @param length      of the query.
     * @param minSequence see {@link #offerQuery}.
     * @param timeout     how long to wait.
     * @return the answer, its result copied.
     * @throws SequentClientException when no answer arrives in time.
     */
    public QueryResult query(
        final DirectBuffer query, final int offset, final int length, final long minSequence, final Duration timeout)
    {
        return awaitQuery(query, offset, length, minSequence, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /**
     * Read-your-writes: queries until the read model has reached {@code sequence} (for instance the sequence of the
     * response to this client's own command), asking again after a short pause on each NOT_YET.
     *
     * @param query    buffer holding the domain's query.
     * @param offset   of the query.
     * @param length   of the query.
     * @param sequence the journal sequence the answer must reflect.
     * @param timeout  how long to keep asking.
     * @return the first answer other than NOT_YET.
     * @throws SequentClientException when the read model has not reached {@code sequence} in time.
     */
    public QueryResult queryAtLeast(
        final DirectBuffer query, final int offset, final int length, final long sequence, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        // From 10 us up to 1 ms between asks: a lagging projection is not flooded with queries.
        final IdleStrategy pause = new BackoffIdleStrategy(1, 1, 10_000, 1_000_000);
        while (true)
        {
            final QueryResult result = awaitQuery(query, offset, length, sequence, deadline, timeout);
            if (result.status() != QueryStatus.NOT_YET)
            {
                return result;
            }
            checkDeadline(deadline, "the read model did not reach sequence " + sequence + " within " + timeout +
                " (it was at " + result.projectionSequence() + ")");
            pause.idle();
        }
    }

    private QueryResult awaitQuery(
        final DirectBuffer query,
        final int offset,
        final int length,
        final long minSequence,
        final long deadline,
        final Duration timeout)
    {
        final long correlationId = nextCorrelationId();
        idle.reset();
        long result;
        while ((result = offerQuery(correlationId, minSequence, query, offset, length)) < 0)
        {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new SequentClientException("the ingress publication is closed");
            }
            checkDeadline(deadline, "query " + correlationId + " could not be sent in time (" + result + ")");
            idle.idle(poll());
        }
        awaitedQueryId = correlationId;
        awaitedQueryResult = null;
        idle.reset();
        try
        {
            while (awaitedQueryResult == null)
            {
                checkDeadline(deadline, "no answer to query " + correlationId + " within " + timeout);
                idle.idle(poll());
            }
            return awaitedQueryResult;
        }
        finally
        {
            awaitedQueryId = Long.MIN_VALUE;
        }
    }

    private void onQueryResponse(final DirectBuffer buffer, final int offset, final int length, final int bodyOffset)
    {
        queryResponseDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
        final long correlationId = queryResponseDecoder.correlationId();
        final long projectionSequence = queryResponseDecoder.projectionSequence();
        final int status = queryResponseDecoder.statusRaw();
        final int resultOffset = bodyOffset + headerDecoder.blockLength();
        final int resultLength = Math.max(0, offset + length - resultOffset);
        if (correlationId == awaitedQueryId)
        {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[resultLength]);
            copy.putBytes(0, buffer, resultOffset, resultLength);
            awaitedQueryResult = new QueryResult(correlationId, projectionSequence, status, copy);
        }
        else if (queryListener != null)
        {
            queryListener.onQueryResponse(correlationId, projectionSequence, status, buffer, resultOffset,
                resultLength);
        }
    }

    /**
     * Closes the session (telling the server when it can) and the client's Aeron resources.
     */
    @Override
    public void close()
    {
        if (sessionId != Long.MIN_VALUE && ingress.isConnected())
        {
            final DisconnectEncoder disconnect = new DisconnectEncoder()
                .wrapAndApplyHeader(controlBuffer, 0, headerEncoder).sessionId(sessionId);
            ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnect.encodedLength());
        }
        CloseHelper.quietCloseAll(ingress, egress);
        if (ownsAeron)
        {
            aeron.close();
        }
    }

    /**
     * Configuration of a {@link SequentClient}.
     */
    public static final class Context
    {
        private String ingressChannel = System.getProperty(
            "sequent.ingress.channel", "aeron:udp?endpoint=localhost:40123");
        private int ingressStreamId = Integer.getInteger("sequent.ingress.stream", 10);
        private String egressChannel = System.getProperty("sequent.egress.channel", "aeron:udp?endpoint=localhost:0");
        private int egressStreamId = Integer.getInteger("sequent.egress.stream", 20);
        private String aeronDirectoryName = System.getProperty("aeron.dir");
        private Aeron aeron;
        private ResponseListener responseListener;
        private QueryListener queryListener;
        private Duration connectTimeout = Duration.ofSeconds(10);

        /**
         * Validates and fills defaults.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (aeron == null && aeronDirectoryName == null)
            {
                aeronDirectoryName = Aeron.Context.getAeronDirectoryName();
            }
            if (!ingressChannel.startsWith("aeron:") || !egressChannel.startsWith("aeron:"))
            {
                throw new IllegalStateException("channels must be Aeron URIs: " + ingressChannel + ", " +
                    egressChannel);
            }
            return this;
        }

        /**
         * @param channel where the server listens (property {@code sequent.ingress.channel}).
         * @return this.
         */
        public Context ingressChannel(final String channel)
        {
            this.ingressChannel = channel;
            return this;
        }

        /**
         * @return where the server listens.
         */
        public String ingressChannel()
        {
            return ingressChannel;
        }

        /**
         * @param streamId of the server's ingress (property {@code sequent.ingress.stream}, default 10).
         * @return this.
         */
        public Context ingressStreamId(final int streamId)
        {
            this.ingressStreamId = streamId;
            return this;
        }

        /**
         * @return stream id of the server's ingress.
         */
        public int ingressStreamId()
        {
            return ingressStreamId;
        }

        /**
         * @param channel where this client receives responses (property {@code sequent.egress.channel}, default
         *                {@code aeron:udp?endpoint=localhost:0}: the OS picks a free port).
         * @return this.
         */
        public Context egressChannel(final String channel)
        {
            this.egressChannel = channel;
            return this;
        }

        /**
         * @return where this client receives responses.
         */
        public String egressChannel()
        {
            return egressChannel;
        }

        /**
         * @param streamId of the egress (property {@code sequent.egress.stream}, default 20).
         * @return this.
         */
        public Context egressStreamId(final int streamId)
        {
            this.egressStreamId = streamId;
            return this;
        }

        /**
         * @return stream id of the egress.
         */
        public int egressStreamId()
        {
            return egressStreamId;
        }

        /**
         * @param dir directory of the media driver to use (property {@code aeron.dir}).
         * @return this.
         */
        public Context aeronDirectoryName(final String dir)
        {
            this.aeronDirectoryName = dir;
            return this;
        }

        /**
         * @return directory of the media driver to use.
         */
        public String aeronDirectoryName()
        {
            return aeronDirectoryName;
        }

        /**
         * @param aeron an Aeron client to share; the client then does not close it.
         * @return this.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * @return the shared Aeron client, or null.
         */
        public Aeron aeron()
        {
            return aeron;
        }

        /**
         * @param listener receives outcomes of commands sent with {@link SequentClient#offer}.
         * @return this.
         */
        public Context responseListener(final ResponseListener listener)
        {
            this.responseListener = listener;
            return this;
        }

        /**
         * @return receives outcomes.
         */
        public ResponseListener responseListener()
        {
            return responseListener;
        }

        /**
         * @param listener receives answers to queries sent with {@link SequentClient#offerQuery}.
         * @return this.
         */
        public Context queryListener(final QueryListener listener)
        {
            this.queryListener = listener;
            return this;
        }

        /**
         * @return receives answers to queries.
         */
        public QueryListener queryListener()
        {
            return queryListener;
        }

        /**
         * @param timeout how long {@link SequentClient#connect} waits for a session (default 10 s).
         * @return this.
         */
        public Context connectTimeout(final Duration timeout)
        {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * @return how long connect waits.
         */
        public Duration connectTimeout()
        {
            return connectTimeout;
        }
    }
}
