package io.sequent.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.ChallengeDecoder;
import io.sequent.codecs.session.ChallengeResponseEncoder;
import io.sequent.codecs.session.CommandHeaderEncoder;
import io.sequent.codecs.session.CommandResponseDecoder;
import io.sequent.codecs.session.ConnectEncoder;
import io.sequent.codecs.session.DisconnectEncoder;
import io.sequent.codecs.session.KeepaliveEncoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.QueryRequestEncoder;
import io.sequent.codecs.session.QueryResponseDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventDecoder;
import io.sequent.codecs.session.SessionReason;
import io.sequent.codecs.QueryStatus;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.HexFormat;

/**
 * A connection to a Sequent server over Aeron: opens an authenticated session, sends commands, delivers their
 * outcomes, and survives lost connections.
 * <p>
 * Opening a session: the client sends {@code Connect} with its client id and egress channel, the server answers
 * with a random challenge, the client answers with HMAC-SHA256 of it under its secret (the secret never travels),
 * and the server opens the session or refuses it with a {@link SessionReason}.
 * <p>
 * Lost connections: every command sent is kept (a copy of its bytes, in a preallocated window) until its outcome
 * arrives. When the connection is lost (the server closed the session, stopped receiving, or fell silent past the
 * liveness timeout) {@link #poll()} reconnects with back-off, as the same client id, and sends every unanswered
 * command again, in order, before taking new ones. The server applies each (client id, correlation id) once: a
 * command it had already applied is answered with its original outcome, flagged {@code duplicate}. Correlation ids
 * start from the wall clock, so they stay unique across restarts of the client.
 * <p>
 * Back-pressure: {@link #offer} never blocks; it returns {@link #BACK_PRESSURED} when the server or the network
 * pushes back or the window of unanswered commands is full, and {@link #NOT_CONNECTED} while reconnecting. Poll,
 * then offer again.
 * <p>
 * Not thread-safe: one thread sends and polls. {@link #offer} and {@link #poll()} allocate nothing while connected;
 * {@link #send} is a blocking convenience for scripts and tests.
 * <pre>{@code
 * try (SequentClient client = SequentClient.connect(new SequentClient.Context()
 *     .aeronDirectoryName(dir).ingressChannel("aeron:udp?endpoint=localhost:40123")
 *     .clientId(7).secretHex("5f1c...")))
 * {
 *     CommandResult result = client.send(buffer, 0, length, Duration.ofSeconds(5));
 * }
 * }</pre>
 */
public final class SequentClient implements AutoCloseable, FragmentHandler
{
    /** {@link #offer} result: not sent now, because the server, the network or a full window pushes back. */
    public static final long BACK_PRESSURED = Publication.BACK_PRESSURED;
    /** {@link #offer} result: no session now; the client is reconnecting in {@link #poll()}. Try again. */
    public static final long NOT_CONNECTED = Publication.NOT_CONNECTED;
    /** {@link #offer} result: the client is closed, or the server refused it for good ({@link #closeReason()}). */
    public static final long CLOSED = Publication.CLOSED;
    /** {@link #offer} result: the command is larger than {@link Context#maxCommandLength()}; it is not sent. */
    public static final long TOO_LARGE = -10;

    /** Where a client is with its connection. */
    public enum State
    {
        /** Waiting to try (again) after a lost connection or failed attempt. */
        DISCONNECTED,
        /** Ingress and egress created; waiting for them to connect. */
        AWAITING_CHANNELS,
        /** Connect sent; waiting for the challenge, then the session. */
        AWAITING_SESSION,
        /** Session open; sending the unanswered commands again. */
        RESENDING,
        /** Session open: commands are taken. */
        CONNECTED,
        /** Closed by the application, or refused for good by the server. */
        CLOSED
    }

    private static final int COMMAND_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + CommandHeaderEncoder.BLOCK_LENGTH;
    private static final int FRAGMENT_LIMIT = 64;
    private static final long NO_SESSION = Long.MIN_VALUE;
    private static final int QUERY_HEADER_LENGTH =
        MessageHeaderEncoder.ENCODED_LENGTH + QueryRequestEncoder.BLOCK_LENGTH;

    private final Context ctx;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private final InFlightWindow window;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final UnsafeBuffer headerBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final UnsafeBuffer controlBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandHeaderEncoder commandHeaderEncoder = new CommandHeaderEncoder();
    private final ConnectEncoder connectEncoder = new ConnectEncoder();
    private final ChallengeResponseEncoder challengeResponseEncoder = new ChallengeResponseEncoder();
    private final KeepaliveEncoder keepaliveEncoder = new KeepaliveEncoder();
    private final DisconnectEncoder disconnectEncoder = new DisconnectEncoder();
    private final CommandResponseDecoder responseDecoder = new CommandResponseDecoder();
    private final SessionEventDecoder sessionEventDecoder = new SessionEventDecoder();
    private final ChallengeDecoder challengeDecoder = new ChallengeDecoder();
    private final ChallengeProof proof = new ChallengeProof();
    private final byte[] nonce = new byte[ChallengeProof.NONCE_LENGTH];
    private final byte[] proofBytes = new byte[ChallengeProof.PROOF_LENGTH];
    private final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
    private final QueryRequestEncoder queryRequestEncoder = new QueryRequestEncoder();
    private final QueryResponseDecoder queryResponseDecoder = new QueryResponseDecoder();
    private final UnsafeBuffer queryHeaderBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final QueryListener queryListener;
    private long awaitedQueryId = Long.MIN_VALUE;
    private QueryResult awaitedQueryResult;
    private final ResponseListener listener;
    private final long keepaliveIntervalNs;
    private final long livenessTimeoutNs;
    private final long connectTimeoutNs;
    private ExclusivePublication ingress;
    private Subscription egress;
    private State state = State.DISCONNECTED;
    private boolean firstConnect = true;
    private long sessionId = NO_SESSION;
    private long connectCorrelationId;
    private long nextCorrelationId;
    private long awaitedCorrelationId = Long.MIN_VALUE;
    private CommandResult awaitedResult;
    private long attemptDeadlineNs;
    private long nextAttemptNs;
    private long backoffNs;
    private long lastHeardNs;
    private long lastKeepaliveCheckNs;
    private boolean sentSinceKeepaliveCheck;
    private long resendPosition;
    private long reconnects;
    private long resent;
    private String lastProblem = "";
    private SessionReason closeReason = SessionReason.NONE;

    private SequentClient(final Context ctx)
    {
        this.ctx = ctx;
        this.listener = ctx.responseListener();
        this.queryListener = ctx.queryListener();
        this.ownsAeron = ctx.aeron() == null;
        this.aeron = ownsAeron ? Aeron.connect(new Aeron.Context().aeronDirectoryName(ctx.aeronDirectoryName())) :
            ctx.aeron();
        this.window = new InFlightWindow(ctx.inFlightWindow(), ctx.maxCommandLength());
        this.keepaliveIntervalNs = ctx.keepaliveInterval().toNanos();
        this.livenessTimeoutNs = ctx.livenessTimeout().toNanos();
        this.connectTimeoutNs = ctx.connectTimeout().toNanos();
        this.backoffNs = ctx.reconnectBackoffMin().toNanos();
        // Unique across restarts of the client: the server de-duplicates by (client id, correlation id).
        this.nextCorrelationId = System.currentTimeMillis() * 1_000_000L;
    }

    /**
     * Connects to a server and opens a session, waiting up to the context's connect timeout.
     *
     * @param ctx configuration; {@link Context#conclude()} is called here.
     * @return the connected client.
     * @throws SequentClientException when no server answers in time or it refuses the session (with the reason).
     */
    public static SequentClient connect(final Context ctx)
    {
        ctx.conclude();
        final SequentClient client = new SequentClient(ctx);
        try
        {
            client.awaitFirstSession();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    private void awaitFirstSession()
    {
        final long deadline = System.nanoTime() + connectTimeoutNs;
        idle.reset();
        while (state != State.CONNECTED)
        {
            if (state == State.CLOSED)
            {
                throw new SequentClientException("the server refused the session (" + closeReason + "): " +
                    lastProblem);
            }
            if (System.nanoTime() > deadline)
            {
                throw new SequentClientException(lastProblem.isEmpty() ?
                    "the server at " + ctx.ingressChannel() + " did not open a session in time" : lastProblem);
            }
            idle.idle(poll());
        }
        firstConnect = false;
    }

    /**
     * @return a correlation id not used before by this client (nor, the clock permitting, by an earlier run of it).
     */
    public long nextCorrelationId()
    {
        return nextCorrelationId++;
    }

    /**
     * @return the session id the server gave this client; it changes when the client reconnects.
     */
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * @return where the client is with its connection.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return why the server refused or closed the session last ({@link SessionReason#NONE} when it never did).
     */
    public SessionReason closeReason()
    {
        return closeReason;
    }

    /**
     * @return what went wrong last with the connection, for people; empty when nothing did.
     */
    public String lastProblem()
    {
        return lastProblem;
    }

    /**
     * @return sessions opened after a lost connection.
     */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * @return commands sent again after reconnecting.
     */
    public long resent()
    {
        return resent;
    }

    /**
     * @return commands sent and not yet answered.
     */
    public int inFlight()
    {
        return window.size();
    }

    /**
     * Sends one command without blocking and keeps a copy until its outcome arrives (through the
     * {@link ResponseListener}, in a later {@link #poll()}).
     *
     * @param correlationId the client's id for the command, echoed in its response; see {@link #nextCorrelationId()}.
     * @param command       buffer holding the domain command (its SBE header and body).
     * @param offset        of the command.
     * @param length        of the command.
     * @return a positive position when sent; else {@link #BACK_PRESSURED} (the server, the network or the window of
     *         unanswered commands pushes back: poll, then try again), {@link #NOT_CONNECTED} (reconnecting: poll,
     *         then try again), {@link #TOO_LARGE} or {@link #CLOSED}.
     */
    public long offer(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        if (state != State.CONNECTED)
        {
            return state == State.CLOSED ? CLOSED : NOT_CONNECTED;
        }
        if (!window.fits(length))
        {
            return TOO_LARGE;
        }
        // The same correlation id again is the application re-sending by hand: sent, not held twice.
        final boolean held = window.contains(correlationId);
        if (!held && window.isFull())
        {
            return BACK_PRESSURED;
        }
        final long result = sendCommand(correlationId, command, offset, length);
        if (result > 0)
        {
            if (!held)
            {
                window.add(correlationId, command, offset, length);
            }
            sentSinceKeepaliveCheck = true;
            return result;
        }
        if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
            result == Publication.MAX_POSITION_EXCEEDED)
        {
            lose("the server stopped receiving (ingress " + Publication.errorString(result) + ")");
            return NOT_CONNECTED;
        }
        return BACK_PRESSURED;
    }

    private long sendCommand(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        commandHeaderEncoder.wrapAndApplyHeader(headerBuffer, 0, headerEncoder)
            .sessionId(sessionId)
            .correlationId(correlationId);
        return ingress.offer(headerBuffer, 0, COMMAND_HEADER_LENGTH, command, offset, length);
    }

    /**
     * Delivers the responses that have arrived to the {@link ResponseListener}; sends a keepalive when the client
     * has been idle; notices a lost connection and reconnects, then sends the unanswered commands again.
     *
     * @return work done (fragments read, messages sent).
     */
    public int poll()
    {
        int work = egress != null ? egress.poll(assembler, FRAGMENT_LIMIT) : 0;
        final long now = System.nanoTime();
        switch (state)
        {
            case CONNECTED -> work += checkConnection(now);
            case DISCONNECTED ->
            {
                if (now >= nextAttemptNs)
                {
                    openChannels(now);
                    work++;
                }
            }
            case AWAITING_CHANNELS -> work += awaitChannels(now);
            case AWAITING_SESSION ->
            {
                if (now > attemptDeadlineNs)
                {
                    attemptFailed("the server at " + ctx.ingressChannel() + " did not open a session within " +
                        ctx.connectTimeout().toMillis() + " ms");
                }
            }
            case RESENDING -> work += resend(now);
            default ->
            {
            }
        }
        return work;
    }

    private int checkConnection(final long now)
    {
        if (!ingress.isConnected())
        {
            lose("the server stopped receiving (ingress not connected)");
            return 1;
        }
        if (egress.imageCount() == 0)
        {
            lose("the server's egress went away");
            return 1;
        }
        if (now - lastHeardNs > livenessTimeoutNs)
        {
            lose("nothing heard from the server for " + ctx.livenessTimeout().toMillis() + " ms");
            return 1;
        }
        if (now - lastKeepaliveCheckNs >= keepaliveIntervalNs)
        {
            lastKeepaliveCheckNs = now;
            if (!sentSinceKeepaliveCheck)
            {
                keepaliveEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder).sessionId(sessionId);
                ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + keepaliveEncoder.encodedLength());
            }
            sentSinceKeepaliveCheck = false;
            return 1;
        }
        return 0;
    }

    private void openChannels(final long now)
    {
        try
        {
            egress = aeron.addSubscription(ctx.egressChannel(), ctx.egressStreamId());
            ingress = aeron.addExclusivePublication(ctx.ingressChannel(), ctx.ingressStreamId());
            attemptDeadlineNs = now + connectTimeoutNs;
            state = State.AWAITING_CHANNELS;
        }
        catch (final RuntimeException ex)
        {
            attemptFailed("cannot open the channels " + ctx.ingressChannel() + " / " + ctx.egressChannel() + ": " +
                ex.getMessage());
        }
    }

    private int awaitChannels(final long now)
    {
        if (now > attemptDeadlineNs)
        {
            attemptFailed(ingress.isConnected() ?
                "the egress " + ctx.egressChannel() + " did not bind in time" :
                "no server is listening on " + ctx.ingressChannel() + " stream " + ctx.ingressStreamId() +
                ": start one, or check the channel");
            return 1;
        }
        final String egressChannel = ctx.egressChannel().startsWith("aeron:udp") ?
            egress.tryResolveChannelEndpointPort() : ctx.egressChannel();
        if (egressChannel == null || !ingress.isConnected())
        {
            return 0;
        }
        connectCorrelationId = nextCorrelationId();
        connectEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .correlationId(connectCorrelationId)
            .responseStreamId(ctx.egressStreamId())
            .clientId(ctx.clientId())
            .responseChannel(egressChannel);
        if (ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connectEncoder.encodedLength()) > 0)
        {
            state = State.AWAITING_SESSION;
        }
        return 1;
    }

    private int resend(final long now)
    {
        int work = 0;
        final long end = window.end();
        while (resendPosition < end)
        {
            if (window.isHeld(resendPosition))
            {
                final long result = sendCommand(window.correlationId(resendPosition), window.buffer(),
                    window.commandOffset(resendPosition), window.length(resendPosition));
                if (result < 0)
                {
                    if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                        result == Publication.MAX_POSITION_EXCEEDED)
                    {
                        lose("the server stopped receiving while commands were sent again");
                    }
                    return work;
                }
                resent++;
                work++;
            }
            resendPosition++;
        }
        state = State.CONNECTED;
        lastKeepaliveCheckNs = now;
        return work + 1;
    }

    private void lose(final String why)
    {
        lastProblem = why;
        sessionId = NO_SESSION;
        closeChannels();
        state = ctx.reconnect() ? State.DISCONNECTED : State.CLOSED;
        nextAttemptNs = System.nanoTime() + backoffNs;
    }

    private void attemptFailed(final String why)
    {
        lastProblem = why;
        closeChannels();
        state = State.DISCONNECTED;
        nextAttemptNs = System.nanoTime() + backoffNs;
        backoffNs = Math.min(backoffNs * 2, ctx.reconnectBackoffMax().toNanos());
    }

    private void closeChannels()
    {
        CloseHelper.quietCloseAll(ingress, egress);
        ingress = null;
        egress = null;
    }

    /**
     * Sends a command and waits for its outcome; other outcomes that arrive meanwhile go to the listener. Survives a
     * lost connection within the timeout like {@link #offer} does.
     *
     * @param command buffer holding the domain command.
     * @param offset  of the command.
     * @param length  of the command.
     * @param timeout how long to wait.
     * @return the outcome.
     * @throws SequentClientException when no outcome arrives in time, or the client is closed.
     */
    public CommandResult send(final DirectBuffer command, final int offset, final int length, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final long correlationId = nextCorrelationId();
        idle.reset();
        long result;
        while ((result = offer(correlationId, command, offset, length)) < 0)
        {
            if (result == CLOSED)
            {
                throw new SequentClientException("the client is closed: " + lastProblem);
            }
            if (result == TOO_LARGE)
            {
                throw new SequentClientException("a command of " + length + " bytes is larger than " +
                    ctx.maxCommandLength() + " (Context.maxCommandLength)");
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

    private static void checkDeadline(final long deadline, final String message)
    {
        if (System.nanoTime() > deadline)
        {
            throw new SequentClientException(message);
        }
    }

    /**
     * Handles one message from the server; called from {@link #poll()}, not for applications.
     */
    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return;
        }
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        lastHeardNs = System.nanoTime();
        switch (headerDecoder.templateId())
        {
            case CommandResponseDecoder.TEMPLATE_ID -> onResponse(buffer, bodyOffset);
            case ChallengeDecoder.TEMPLATE_ID -> onChallenge(buffer, bodyOffset);
            case SessionEventDecoder.TEMPLATE_ID -> onSessionEvent(buffer, bodyOffset);
            case QueryResponseDecoder.TEMPLATE_ID -> onQueryResponse(buffer, offset, length, bodyOffset);
            default ->
            {
            }
        }
    }

    private void onResponse(final DirectBuffer buffer, final int bodyOffset)
    {
        responseDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
        final long correlationId = responseDecoder.correlationId();
        window.release(correlationId);
        final boolean duplicate = responseDecoder.duplicate() == BooleanType.TRUE;
        if (correlationId == awaitedCorrelationId)
        {
            awaitedResult = new CommandResult(correlationId, responseDecoder.sequence(), responseDecoder.timestamp(),
                responseDecoder.reason(), responseDecoder.detail(), duplicate);
        }
        else if (listener != null)
        {
            listener.onResponse(correlationId, responseDecoder.sequence(), responseDecoder.timestamp(),
                responseDecoder.reason(), responseDecoder.detail(), duplicate);
        }
    }

    private void onChallenge(final DirectBuffer buffer, final int bodyOffset)
    {
        challengeDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
        if (state != State.AWAITING_SESSION || challengeDecoder.correlationId() != connectCorrelationId)
        {
            return;
        }
        final long offeredSessionId = challengeDecoder.sessionId();
        challengeDecoder.getNonce(nonce, 0, ChallengeProof.NONCE_LENGTH);
        proof.compute(ctx.secret(), nonce, ctx.clientId(), offeredSessionId, proofBytes);
        challengeResponseEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder)
            .correlationId(connectCorrelationId)
            .sessionId(offeredSessionId)
            .putHmac(proofBytes, 0, ChallengeProof.PROOF_LENGTH);
        final int frameLength = MessageHeaderEncoder.ENCODED_LENGTH + challengeResponseEncoder.encodedLength();
        if (ingress.offer(controlBuffer, 0, frameLength) < 0)
        {
            attemptFailed("could not answer the server's challenge");
        }
    }

    private void onSessionEvent(final DirectBuffer buffer, final int bodyOffset)
    {
        sessionEventDecoder.wrap(buffer, bodyOffset, headerDecoder.blockLength(), headerDecoder.version());
        final SessionCode code = sessionEventDecoder.code();
        final SessionReason reason = sessionEventDecoder.reason();
        final long eventSessionId = sessionEventDecoder.sessionId();
        if (state == State.AWAITING_SESSION && sessionEventDecoder.correlationId() == connectCorrelationId)
        {
            if (code == SessionCode.OK)
            {
                sessionId = eventSessionId;
                if (!firstConnect)
                {
                    reconnects++;
                }
                backoffNs = ctx.reconnectBackoffMin().toNanos();
                resendPosition = window.first();
                state = State.RESENDING;
                sessionEventDecoder.skipDetail();
                return;
            }
            closeReason = reason;
            final String detail = sessionEventDecoder.detail();
            if (firstConnect || isPermanent(reason))
            {
                lastProblem = detail;
                closeChannels();
                state = State.CLOSED;
            }
            else
            {
                attemptFailed("the server refused the session (" + reason + "): " + detail);
            }
        }
        else if (code == SessionCode.CLOSED && eventSessionId == sessionId &&
            (state == State.CONNECTED || state == State.RESENDING))
        {
            closeReason = reason;
            final String detail = sessionEventDecoder.detail();
            if (reason == SessionReason.REPLACED)
            {
                // Another instance holds this client id now; reconnecting would only take it back and forth.
                lastProblem = "another connection of client " + ctx.clientId() + " replaced this one: " + detail;
                sessionId = NO_SESSION;
                closeChannels();
                state = State.CLOSED;
            }
            else
            {
                lose("the server closed the session (" + reason + "): " + detail);
            }
        }
    }

    private static boolean isPermanent(final SessionReason reason)
    {
        return reason == SessionReason.UNKNOWN_CLIENT || reason == SessionReason.BAD_CREDENTIAL ||
            reason == SessionReason.UNSUPPORTED_VERSION;
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
     * @return a positive position when sent; else {@link #NOT_CONNECTED} while reconnecting, {@link #CLOSED}, or an
     *         Aeron {@link Publication} code such as {@link #BACK_PRESSURED} (poll, then try again). Queries are not
     *         kept for re-sending: ask again after a reconnect.
     */
    public long offerQuery(
        final long correlationId, final long minSequence, final DirectBuffer query, final int offset, final int length)
    {
        if (state != State.CONNECTED)
        {
            return state == State.CLOSED ? CLOSED : NOT_CONNECTED;
        }
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
     * Closes the session (telling the server when it can) and the client's Aeron resources. Commands not yet
     * answered are not sent again.
     */
    @Override
    public void close()
    {
        if (sessionId != NO_SESSION && ingress != null && ingress.isConnected())
        {
            disconnectEncoder.wrapAndApplyHeader(controlBuffer, 0, headerEncoder).sessionId(sessionId);
            ingress.offer(controlBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + disconnectEncoder.encodedLength());
        }
        sessionId = NO_SESSION;
        closeChannels();
        state = State.CLOSED;
        if (ownsAeron)
        {
            aeron.close();
        }
    }

    /**
     * Configuration of a {@link SequentClient}; each setting also reads a system property, named in its setter.
     */
    public static final class Context
    {
        private String ingressChannel = System.getProperty(
            "sequent.ingress.channel", "aeron:udp?endpoint=localhost:40123");
        private int ingressStreamId = Integer.getInteger("sequent.ingress.stream", 10);
        private String egressChannel = System.getProperty("sequent.egress.channel", "aeron:udp?endpoint=localhost:0");
        private int egressStreamId = Integer.getInteger("sequent.egress.stream", 20);
        private String aeronDirectoryName = System.getProperty("aeron.dir");
        private long clientId = Long.getLong("sequent.client.id", Long.MIN_VALUE);
        private byte[] secret = System.getProperty("sequent.client.secret") != null ?
            HexFormat.of().parseHex(System.getProperty("sequent.client.secret")) : null;
        private int inFlightWindow = Integer.getInteger("sequent.client.window", 2048);
        private int maxCommandLength = Integer.getInteger("sequent.command.max.length", 1024);
        private Duration keepaliveInterval = Duration.ofMillis(Long.getLong("sequent.client.keepalive.ms", 1_000));
        private Duration livenessTimeout = Duration.ofMillis(Long.getLong("sequent.client.liveness.ms", 5_000));
        private Duration reconnectBackoffMin = Duration.ofMillis(100);
        private Duration reconnectBackoffMax = Duration.ofSeconds(2);
        private boolean reconnect = true;
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
            if (clientId == Long.MIN_VALUE || secret == null || secret.length == 0)
            {
                throw new IllegalStateException("a client id and its secret are required (clientId, secretHex, or " +
                    "-Dsequent.client.id and -Dsequent.client.secret): the server's credentials file has them");
            }
            if (inFlightWindow < 1 || maxCommandLength < 1)
            {
                throw new IllegalStateException("the in-flight window and the largest command must be positive: " +
                    inFlightWindow + ", " + maxCommandLength);
            }
            if (keepaliveInterval.isNegative() || keepaliveInterval.isZero() ||
                livenessTimeout.compareTo(keepaliveInterval) <= 0)
            {
                throw new IllegalStateException("the keepalive interval must be positive and shorter than the " +
                    "liveness timeout: " + keepaliveInterval + ", " + livenessTimeout);
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
         * @param id this client's id, as in the server's credentials file (property {@code sequent.client.id}); the
         *           server de-duplicates commands by (client id, correlation id), across sessions and restarts.
         * @return this.
         */
        public Context clientId(final long id)
        {
            this.clientId = id;
            return this;
        }

        /**
         * @return this client's id.
         */
        public long clientId()
        {
            return clientId;
        }

        /**
         * @param secret this client's secret, as in the server's credentials file; it never leaves the process.
         * @return this.
         */
        public Context secret(final byte[] secret)
        {
            this.secret = secret.clone();
            return this;
        }

        /**
         * @param hex this client's secret in hex, as in the server's credentials file (property
         *            {@code sequent.client.secret}).
         * @return this.
         */
        public Context secretHex(final String hex)
        {
            this.secret = HexFormat.of().parseHex(hex);
            return this;
        }

        /**
         * @return this client's secret.
         */
        public byte[] secret()
        {
            return secret;
        }

        /**
         * @param commands how many commands may be unanswered at once (property {@code sequent.client.window},
         *                 default 2048); {@link SequentClient#offer} pushes back beyond. Keep it below the server's
         *                 de-duplication window per client, or a command re-sent after a crash may be applied twice.
         * @return this.
         */
        public Context inFlightWindow(final int commands)
        {
            this.inFlightWindow = commands;
            return this;
        }

        /**
         * @return how many commands may be unanswered at once.
         */
        public int inFlightWindow()
        {
            return inFlightWindow;
        }

        /**
         * @param length the largest command sent, in bytes (property {@code sequent.command.max.length}, default
         *               1024, the server's default); each slot of the in-flight window holds one that large.
         * @return this.
         */
        public Context maxCommandLength(final int length)
        {
            this.maxCommandLength = length;
            return this;
        }

        /**
         * @return the largest command sent, in bytes.
         */
        public int maxCommandLength()
        {
            return maxCommandLength;
        }

        /**
         * @param interval how often an idle client sends a keepalive (property {@code sequent.client.keepalive.ms},
         *                 default 1 s); keep it well under the server's session timeout.
         * @return this.
         */
        public Context keepaliveInterval(final Duration interval)
        {
            this.keepaliveInterval = interval;
            return this;
        }

        /**
         * @return how often an idle client sends a keepalive.
         */
        public Duration keepaliveInterval()
        {
            return keepaliveInterval;
        }

        /**
         * @param timeout how long the server may be silent (keepalives are echoed) before the connection counts as
         *                lost (property {@code sequent.client.liveness.ms}, default 5 s).
         * @return this.
         */
        public Context livenessTimeout(final Duration timeout)
        {
            this.livenessTimeout = timeout;
            return this;
        }

        /**
         * @return how long the server may be silent.
         */
        public Duration livenessTimeout()
        {
            return livenessTimeout;
        }

        /**
         * @param min first wait before reconnecting, doubled after each failed attempt (default 100 ms).
         * @param max longest wait (default 2 s).
         * @return this.
         */
        public Context reconnectBackoff(final Duration min, final Duration max)
        {
            this.reconnectBackoffMin = min;
            this.reconnectBackoffMax = max;
            return this;
        }

        /**
         * @return first wait before reconnecting.
         */
        public Duration reconnectBackoffMin()
        {
            return reconnectBackoffMin;
        }

        /**
         * @return longest wait before reconnecting.
         */
        public Duration reconnectBackoffMax()
        {
            return reconnectBackoffMax;
        }

        /**
         * @param reconnect whether a lost connection is reopened by {@link SequentClient#poll()} (default true);
         *                  when false the client closes instead.
         * @return this.
         */
        public Context reconnect(final boolean reconnect)
        {
            this.reconnect = reconnect;
            return this;
        }

        /**
         * @return whether a lost connection is reopened.
         */
        public boolean reconnect()
        {
            return reconnect;
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
         * @param timeout how long {@link SequentClient#connect} waits for a session, and each reconnect attempt
         *                (default 10 s).
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
