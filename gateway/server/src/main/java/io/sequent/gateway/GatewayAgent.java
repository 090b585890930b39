package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.auth.ChallengeProof;
import io.sequent.auth.Credentials;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.ChallengeEncoder;
import io.sequent.codecs.session.ChallengeResponseDecoder;
import io.sequent.codecs.session.CommandHeaderDecoder;
import io.sequent.codecs.session.CommandResponseEncoder;
import io.sequent.codecs.session.ConnectDecoder;
import io.sequent.codecs.session.DisconnectDecoder;
import io.sequent.codecs.session.KeepaliveDecoder;
import io.sequent.codecs.session.KeepaliveEncoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.Outcome;
import io.sequent.codecs.session.QueryRequestDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventEncoder;
import io.sequent.codecs.session.SessionReason;
import io.sequent.engine.CommandSource;
import io.sequent.engine.Engine;
import io.sequent.engine.domain.QueryHandler;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.codecs.RejectReason;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one thread: takes frames off the Aeron ingress, checks them (framing, session, size) and copies
 * commands into the engine's command ring; polls the engine's responder and sends each outcome to its client's
 * egress; opens (with a challenge-response handshake), keeps alive and closes sessions. It owns the sessions and
 * their publications, so none of that is shared.
 * <p>
 * Back-pressure: when the command ring is full the agent stops taking from the ingress (the fragment is left for
 * the next poll), and Aeron's flow control pushes back to the clients. Nothing is dropped.
 * <p>
 * Bad input: a frame that is malformed, of a foreign schema or unsupported version, of an unknown template, too
 * large, or a command on a session that is not open, is answered with its own reason when its sender has a session
 * to answer on, else dropped; either way it is counted and never reaches the engine.
 */
public final class GatewayAgent implements CommandSource, ControlledFragmentHandler, OutcomeHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int SEND_ATTEMPTS = 10_000;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int MAX_CHANNEL_LENGTH = 1024;
    /** No control frame of the protocol comes near this; a command may be larger (up to the engine's slot). */
    static final int MAX_CONTROL_FRAME_LENGTH = 2048;
    /** The first protocol version with authentication: older clients cannot open a session. */
    private static final int MIN_CONNECT_VERSION = 3;
    /** A session event's detail must fit the send buffer with its header. */
    private static final int MAX_REASON_DETAIL = 1024;

    private final Aeron aeron;
    private final Subscription ingress;
    private final GatewayCounters counters;
    private final Supplier<QueryHandler> queryHandler;
    private Engine<?> engine;
    private QueryEndpoint queries;
    private final Credentials credentials;
    private final int maxSessions;
    private final int maxHandshakes;
    private final long sessionTimeoutNs;
    private final long handshakeTimeoutNs;
    private final ControlledFragmentAssembler assembler;
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> openByClient = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Session> byImage = new Int2ObjectHashMap<>();
    private final List<Session> toClose = new ArrayList<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final CommandHeaderDecoder commandHeaderDecoder = new CommandHeaderDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final KeepaliveDecoder keepaliveDecoder = new KeepaliveDecoder();
    private final KeepaliveEncoder keepaliveEncoder = new KeepaliveEncoder();
    private final ChallengeResponseDecoder challengeResponseDecoder = new ChallengeResponseDecoder();
    private final ChallengeEncoder challengeEncoder = new ChallengeEncoder();
    private final QueryRequestDecoder queryRequestDecoder = new QueryRequestDecoder();
    private final CommandResponseEncoder responseEncoder = new CommandResponseEncoder();
    private final SessionEventEncoder sessionEventEncoder = new SessionEventEncoder();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private final ChallengeProof proof = new ChallengeProof();
    private final byte[] receivedProof = new byte[ChallengeProof.PROOF_LENGTH];
    private final SecureRandom random = new SecureRandom();
    private long nowNs;
    private long nextSessionId;
    private long nextHousekeepingNs;
    private long journaledSequence;

    /**
     * @param aeron        client the ingress and the egress publications belong to.
     * @param ingress      subscription the clients send to.
     * @param counters     where the agent counts what it does.
     * @param ctx          the server's concluded configuration: credentials, session limits and timeouts.
     * @param queryHandler makes the domain's query handler once the engine has opened its projections, or null
     *                     (queries are then answered UNSUPPORTED).
     */
    public GatewayAgent(
        final Aeron aeron,
        final Subscription ingress,
        final GatewayCounters counters,
        final SequentServer.Context ctx,
        final Supplier<QueryHandler> queryHandler)
    {
        this.aeron = aeron;
        this.ingress = ingress;
        this.counters = counters;
        this.queryHandler = queryHandler;
        this.credentials = ctx.credentials();
        this.maxSessions = ctx.maxSessions();
        // Handshakes in progress hold a publication each: bounded, so a flood of connects cannot exhaust the driver.
        this.maxHandshakes = ctx.maxSessions();
        this.sessionTimeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.sessionTimeoutMs());
        this.handshakeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.handshakeTimeoutMs());
        this.assembler = new ControlledFragmentAssembler(this);
        // Ids unique across restarts, so a client holding an id from before a restart cannot hit a new session.
        this.nextSessionId = System.currentTimeMillis() * 1_000;
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
        this.journaledSequence = engine.recoveryReport().lastSequence();
        this.queries = new QueryEndpoint(queryHandler != null ? queryHandler.get() : null, counters);
    }

    @Override
    public String roleName()
    {
        return "sequent-gateway";
    }

    @Override
    public int doWork()
    {
        nowNs = System.nanoTime();
        int work = engine.responder().poll(this);
        work += ingress.controlledPoll(assembler, FRAGMENT_LIMIT);
        if (nowNs >= nextHousekeepingNs)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping();
        }
        return work;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        counters.bytesIn().getAndAddRelease(length);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        headerDecoder.wrap(buffer, offset);
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int templateId = headerDecoder.templateId();
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return rejectFrame(header, 0, RejectReason.WRONG_PROTOCOL_SCHEMA);
        }
        final int version = headerDecoder.version();
        if (version < 1 || version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return rejectFrame(header, 0, RejectReason.UNSUPPORTED_PROTOCOL_VERSION);
        }
        if (MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        if (templateId != CommandHeaderDecoder.TEMPLATE_ID && length > MAX_CONTROL_FRAME_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.FRAME_TOO_LARGE);
        }

        return switch (templateId)
        {
            case CommandHeaderDecoder.TEMPLATE_ID -> onCommand(buffer, offset, length, bodyOffset, blockLength, header);
            case KeepaliveDecoder.TEMPLATE_ID -> onKeepalive(buffer, bodyOffset, blockLength, header);
            case ConnectDecoder.TEMPLATE_ID -> onConnect(buffer, offset + length, bodyOffset, blockLength, header);
            case ChallengeResponseDecoder.TEMPLATE_ID -> onChallengeResponse(buffer, bodyOffset, blockLength, header);
            case DisconnectDecoder.TEMPLATE_ID -> onDisconnect(buffer, bodyOffset, blockLength, header);
            case QueryRequestDecoder.TEMPLATE_ID -> onQuery(buffer, offset + length, bodyOffset, blockLength, header);
            default -> rejectFrame(header, 0, RejectReason.UNKNOWN_TEMPLATE);
        };
    }

    private Action onCommand(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int bodyOffset,
        final int blockLength,
        final Header header)
    {
        if (blockLength < CommandHeaderDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        commandHeaderDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final long sessionId = commandHeaderDecoder.sessionId();
        final long correlationId = commandHeaderDecoder.correlationId();
        final Session session = sessions.get(sessionId);
        if (session == null || session.imageSessionId != header.sessionId())
        {
            return rejectFrame(header, correlationId, RejectReason.UNKNOWN_SESSION);
        }
        if (session.state != Session.State.OPEN)
        {
            return rejectFrame(header, correlationId, RejectReason.UNAUTHENTICATED);
        }

        final int commandOffset = bodyOffset + blockLength;
        final int commandLength = offset + length - commandOffset;
        final long result = engine.offer(sessionId, session.clientId, correlationId, buffer, commandOffset, commandLength);
        if (result == Engine.BACK_PRESSURED)
        {
            counters.backPressured().increment();
            return Action.ABORT;
        }
        session.lastHeardNs = nowNs;
        counters.commandsReceived().increment();
        if (result == Engine.TOO_LARGE)
        {
            counters.tooLarge().increment();
            counters.rejected(RejectReason.MESSAGE_TOO_LARGE);
            sendResponse(session, correlationId, 0, 0, RejectReason.MESSAGE_TOO_LARGE, 0, false);
        }
        return Action.CONTINUE;
    }

    /**
     * Answers a bad frame on its sender's session when it has an open one, else drops it; counts it either way.
     */
    private Action rejectFrame(final Header header, final long correlationId, final int reason)
    {
        final Session session = byImage.get(header.sessionId());
        if (session != null && session.state == Session.State.OPEN)
        {
            sendResponse(session, correlationId, 0, 0, reason, 0, false);
        }
        else if (session != null && session.state == Session.State.CHALLENGED &&
            reason == RejectReason.UNAUTHENTICATED)
        {
            // A client that sends before its handshake ends has a live egress: it can be told.
            sendResponse(session, correlationId, 0, 0, reason, 0, false);
        }
        else
        {
            counters.framesUnanswered().increment();
        }
        // Last, so that a reader who sees it sees the rest of this frame's handling too.
        counters.frameRejected(reason).increment();
        return Action.CONTINUE;
    }

    private Action onKeepalive(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < KeepaliveDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        keepaliveDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(keepaliveDecoder.sessionId());
        if (session == null || session.imageSessionId != header.sessionId() || session.state != Session.State.OPEN)
        {
            return rejectFrame(header, 0, RejectReason.UNKNOWN_SESSION);
        }
        session.lastHeardNs = nowNs;
        // The echo lets the client know the server is alive while nothing else flows.
        keepaliveEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(session.id);
        send(session.egress, MessageHeaderEncoder.ENCODED_LENGTH + keepaliveEncoder.encodedLength());
        return Action.CONTINUE;
    }

    private Action onQuery(
        final DirectBuffer buffer, final int limit, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < QueryRequestDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        queryRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(queryRequestDecoder.sessionId());
        if (session == null || session.imageSessionId != header.sessionId())
        {
            return rejectFrame(header, queryRequestDecoder.correlationId(), RejectReason.UNKNOWN_SESSION);
        }
        if (session.state != Session.State.OPEN)
        {
            return rejectFrame(header, queryRequestDecoder.correlationId(), RejectReason.UNAUTHENTICATED);
        }
        session.lastHeardNs = nowNs;
        // Answered here, from the projections: the sequencer never sees a query.
        final int queryOffset = bodyOffset + blockLength;
        final int length = queries.answer(queryRequestDecoder.correlationId(), queryRequestDecoder.minSequence(),
            buffer, queryOffset, limit - queryOffset, sendBuffer);
        send(session.egress, length);
        return Action.CONTINUE;
    }

    private Action onConnect(
        final DirectBuffer buffer, final int limit, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < ConnectDecoder.responseStreamIdEncodingOffset() + Integer.BYTES)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        connectDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final int channelLengthOffset = connectDecoder.limit();
        if (channelLengthOffset + ConnectDecoder.responseChannelHeaderLength() > limit)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        final int channelLength = connectDecoder.responseChannelLength();
        if (channelLength <= 0 || channelLength > MAX_CHANNEL_LENGTH ||
            channelLengthOffset + ConnectDecoder.responseChannelHeaderLength() + channelLength > limit)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        final Session pending = byImage.get(header.sessionId());
        if (sessions.size() - openByClient.size() >= maxHandshakes ||
            pending != null && pending.state != Session.State.OPEN)
        {
            // One handshake at a time per sender, a bounded number in all: each holds a publication.
            counters.sessionsRefused().increment();
            counters.framesUnanswered().increment();
            return Action.CONTINUE;
        }
        final boolean versionOk = headerDecoder.version() >= MIN_CONNECT_VERSION &&
            blockLength >= ConnectDecoder.clientIdEncodingOffset() + Long.BYTES;
        final long clientId = versionOk ? connectDecoder.clientId() : ConnectDecoder.clientIdNullValue();
        final long correlationId = connectDecoder.correlationId();
        final int streamId = connectDecoder.responseStreamId();
        final String channel = connectDecoder.responseChannel();

        final ExclusivePublication egress;
        try
        {
            egress = aeron.addExclusivePublication(channel, streamId);
        }
        catch (final AeronException | IllegalArgumentException | IllegalStateException ex)
        {
            counters.sessionsRefused().increment();
            counters.framesUnanswered().increment();
            LOG.warn("refused a connect: cannot publish to {} stream {}: {}", channel, streamId, ex.getMessage());
            return Action.CONTINUE;
        }

        final long sessionId = nextSessionId++;
        final Session session = new Session(
            sessionId, clientId, correlationId, header.sessionId(), egress, nowNs + handshakeTimeoutNs);
        if (!versionOk)
        {
            session.refuse(SessionReason.UNSUPPORTED_VERSION, "session protocol version " +
                headerDecoder.version() + " has no authentication: upgrade the client to version " +
                MessageHeaderDecoder.SCHEMA_VERSION);
        }
        else if (credentials.secret(clientId) == null)
        {
            session.refuse(SessionReason.UNKNOWN_CLIENT, "client " + clientId + " is not in the server's " +
                "credentials: add it (sequent credentials add) and restart the server");
        }
        else
        {
            random.nextBytes(session.nonce);
        }
        sessions.put(sessionId, session);
        byImage.put(session.imageSessionId, session);
        LOG.info("session {} connecting for client {}, egress {} stream {}", sessionId, clientId, channel, streamId);
        return Action.CONTINUE;
    }

    private Action onChallengeResponse(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < ChallengeResponseDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        challengeResponseDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(challengeResponseDecoder.sessionId());
        if (session == null || session.imageSessionId != header.sessionId() ||
            session.state != Session.State.CHALLENGED ||
            session.connectCorrelationId != challengeResponseDecoder.correlationId())
        {
            return rejectFrame(header, 0, RejectReason.UNKNOWN_SESSION);
        }
        challengeResponseDecoder.getHmac(receivedProof, 0, ChallengeProof.PROOF_LENGTH);
        if (!proof.verify(credentials.secret(session.clientId), session.nonce, session.clientId, session.id,
            receivedProof))
        {
            counters.authenticationFailures().increment();
            refuseNow(session, SessionReason.BAD_CREDENTIAL, "the proof of client " + session.clientId +
                " does not match its secret: check the client's secret against the server's credentials");
            return Action.CONTINUE;
        }

        // One session per client: a new one replaces the old (a client reconnecting after a lost connection
        // must not be locked out by the session the server has not yet noticed is dead).
        final Session previous = openByClient.get(session.clientId);
        if (openByClient.size() - (previous != null ? 1 : 0) >= maxSessions)
        {
            refuseNow(session, SessionReason.TOO_MANY_SESSIONS, "too many sessions: the server takes " +
                maxSessions + " (sequent.sessions.max)");
            return Action.CONTINUE;
        }
        if (previous != null)
        {
            remove(previous);
            closeSession(previous, SessionReason.REPLACED, "replaced by session " + session.id +
                " of the same client");
        }
        if (sendSessionEvent(session, SessionCode.OK, SessionReason.NONE, ""))
        {
            session.state = Session.State.OPEN;
            session.lastHeardNs = nowNs;
            openByClient.put(session.clientId, session);
            counters.sessionsOpen().increment();
            LOG.info("session {} open for client {}", session.id, session.clientId);
        }
        else
        {
            remove(session);
            closeSession(session, SessionReason.NONE, "its egress does not take the session's OK");
        }
        return Action.CONTINUE;
    }

    private Action onDisconnect(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < DisconnectDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        disconnectDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(disconnectDecoder.sessionId());
        if (session != null && session.imageSessionId == header.sessionId())
        {
            remove(session);
            closeSession(session, SessionReason.NONE, "client disconnected");
        }
        else
        {
            counters.frameRejected(RejectReason.UNKNOWN_SESSION).increment();
            counters.framesUnanswered().increment();
        }
        return Action.CONTINUE;
    }

    @Override
    public boolean onOutcome(
        final long sessionId,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        if (reason == RejectReason.NONE)
        {
            counters.commandsAccepted().increment();
        }
        else
        {
            counters.rejected(reason);
        }
        // The responder is gated behind the journaler: every sequence it hands out is journaled.
        journaledSequence = Math.max(journaledSequence, sequence);
        final Session session = sessions.get(sessionId);
        if (session == null)
        {
            counters.responsesDropped().increment();
            return true;
        }
        sendResponse(session, correlationId, sequence, timestamp, reason, detail, duplicate);
        return true;
    }

    private void sendResponse(
        final Session session,
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        responseEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(correlationId)
            .sequence(sequence)
            .timestamp(timestamp)
            .outcome(reason == RejectReason.NONE ? Outcome.ACCEPTED : Outcome.REJECTED)
            .reason(reason)
            .detail(detail)
            .duplicate(duplicate ? BooleanType.TRUE : BooleanType.FALSE);
        send(session.egress, MessageHeaderEncoder.ENCODED_LENGTH + responseEncoder.encodedLength());
    }

    private boolean send(final Publication publication, final int length)
    {
        // Bounded: a stuck client must not stall every other client and the engine behind this thread.
        for (int i = 0; i < SEND_ATTEMPTS; i++)
        {
            final long result = publication.offer(sendBuffer, 0, length);
            if (result > 0)
            {
                counters.bytesOut().getAndAddRelease(length);
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            Thread.yield();
        }
        counters.responsesDropped().increment();
        return false;
    }

    private int housekeeping()
    {
        counters.copyPositions(engine.positions(), journaledSequence);
        int work = 0;
        final Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext())
        {
            final Session session = it.next();
            switch (session.state)
            {
                case AWAITING_EGRESS ->
                {
                    if (session.egress.isConnected())
                    {
                        work++;
                        if (session.refusal != SessionReason.NONE)
                        {
                            toClose.add(session);
                        }
                        else
                        {
                            challenge(session);
                        }
                    }
                    else if (nowNs > session.handshakeDeadlineNs)
                    {
                        session.refuse(SessionReason.HANDSHAKE_TIMEOUT, "the client's egress never connected");
                        toClose.add(session);
                    }
                }
                case CHALLENGED ->
                {
                    if (nowNs > session.handshakeDeadlineNs)
                    {
                        session.refuse(SessionReason.HANDSHAKE_TIMEOUT, "no answer to the challenge within " +
                            TimeUnit.NANOSECONDS.toMillis(handshakeTimeoutNs) + " ms");
                        toClose.add(session);
                    }
                }
                case OPEN ->
                {
                    if (nowNs - session.lastHeardNs > sessionTimeoutNs)
                    {
                        counters.sessionsTimedOut().increment();
                        session.refuse(SessionReason.SESSION_TIMEOUT, "nothing heard for " +
                            TimeUnit.NANOSECONDS.toMillis(sessionTimeoutNs) + " ms (sequent.session.timeout.ms)");
                        toClose.add(session);
                    }
                    else if (ingress.imageBySessionId(session.imageSessionId) == null)
                    {
                        session.refuse(SessionReason.CLIENT_DISCONNECTED, "its ingress image went away");
                        toClose.add(session);
                    }
                }
                default ->
                {
                }
            }
        }
        for (int i = 0, size = toClose.size(); i < size; i++)
        {
            final Session session = toClose.get(i);
            remove(session);
            if (session.state == Session.State.OPEN)
            {
                closeSession(session, session.refusal, session.refusalDetail);
            }
            else
            {
                refuseNow(session, session.refusal, session.refusalDetail);
            }
        }
        work += toClose.size();
        toClose.clear();
        return work;
    }

    private void challenge(final Session session)
    {
        challengeEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(session.connectCorrelationId)
            .sessionId(session.id)
            .putNonce(session.nonce, 0, ChallengeProof.NONCE_LENGTH);
        if (send(session.egress, MessageHeaderEncoder.ENCODED_LENGTH + challengeEncoder.encodedLength()))
        {
            session.state = Session.State.CHALLENGED;
        }
    }

    private void remove(final Session session)
    {
        sessions.remove(session.id);
        if (byImage.get(session.imageSessionId) == session)
        {
            byImage.remove(session.imageSessionId);
        }
        if (openByClient.get(session.clientId) == session)
        {
            openByClient.remove(session.clientId);
        }
    }

    /**
     * Refuses a session still in its handshake, telling the client why when its egress is connected.
     */
    private void refuseNow(final Session session, final SessionReason reason, final String detail)
    {
        remove(session);
        counters.sessionsRefused().increment();
        if (session.egress.isConnected())
        {
            sendSessionEvent(session, SessionCode.REJECTED, reason, detail);
        }
        CloseHelper.quietClose(session.egress);
        LOG.info("session {} for client {} refused, {}: {}", session.id, session.clientId, reason, detail);
    }

    private boolean sendSessionEvent(
        final Session session, final SessionCode code, final SessionReason reason, final String detail)
    {
        sessionEventEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(session.connectCorrelationId)
            .sessionId(session.id)
            .code(code)
            .reason(reason)
            .detail(detail);
        return send(session.egress, MessageHeaderEncoder.ENCODED_LENGTH + sessionEventEncoder.encodedLength());
    }

    /**
     * Closes an open session, telling the client why when a reason is given and its egress still connects.
     */
    private void closeSession(final Session session, final SessionReason reason, final String why)
    {
        if (session.state == Session.State.OPEN)
        {
            counters.sessionsOpen().decrement();
            if (reason != SessionReason.NONE && session.egress.isConnected())
            {
                sendSessionEvent(session, SessionCode.CLOSED, reason, why);
            }
        }
        CloseHelper.quietClose(session.egress);
        LOG.info("session {} of client {} closed: {}", session.id, session.clientId, why);
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietClose(queries);
        final Throwable failure = engine != null ? engine.failure() : null;
        final String why = failure == null ? "the server is closing" : truncate(
            "the server stops: its engine failed (" + failure.getMessage() + ")", MAX_REASON_DETAIL);
        for (final Session session : sessions.values())
        {
            if (session.state == Session.State.OPEN && session.egress.isConnected())
            {
                sendSessionEvent(session, SessionCode.CLOSED, SessionReason.SERVER_CLOSING, why);
            }
            CloseHelper.quietClose(session.egress);
        }
        sessions.clear();
        byImage.clear();
        openByClient.clear();
    }

    private static String truncate(final String text, final int max)
    {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    /**
     * @return sessions open or connecting; for tests and tools, read on the agent's thread or after it stopped.
     */
    int sessionCount()
    {
        return sessions.size();
    }
}
