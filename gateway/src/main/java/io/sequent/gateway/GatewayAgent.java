package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.session.BooleanType;
import io.sequent.codecs.session.CommandHeaderDecoder;
import io.sequent.codecs.session.CommandResponseEncoder;
import io.sequent.codecs.session.ConnectDecoder;
import io.sequent.codecs.session.DisconnectDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.MessageHeaderEncoder;
import io.sequent.codecs.session.Outcome;
import io.sequent.codecs.session.QueryRequestDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventEncoder;
import io.sequent.engine.Engine;
import io.sequent.engine.consumer.OutcomeHandler;
import io.sequent.engine.domain.RejectReason;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one thread: takes frames off the Aeron ingress, checks them (framing, session, size) and copies
 * commands into the engine's command ring; polls the engine's responder and sends each outcome to its client's
 * egress; opens and closes sessions. It owns the sessions and their publications, so none of that is shared.
 * <p>
 * Back-pressure: when the command ring is full the agent stops taking from the ingress (the fragment is left for
 * the next poll), and Aeron's flow control pushes back to the clients. Nothing is dropped.
 */
public final class GatewayAgent implements Agent, ControlledFragmentHandler, OutcomeHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);
    private static final int FRAGMENT_LIMIT = 64;
    private static final int SEND_ATTEMPTS = 10_000;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long EGRESS_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_CHANNEL_LENGTH = 1024;

    private final Aeron aeron;
    private final Subscription ingress;
    private final Engine<?> engine;
    private final GatewayCounters counters;
    private final int maxSessions;
    private final ControlledFragmentAssembler assembler;
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final CommandHeaderDecoder commandHeaderDecoder = new CommandHeaderDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final QueryRequestDecoder queryRequestDecoder = new QueryRequestDecoder();
    private final QueryEndpoint queries;
    private final CommandResponseEncoder responseEncoder = new CommandResponseEncoder();
    private final SessionEventEncoder sessionEventEncoder = new SessionEventEncoder();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2048, 64));
    private long nextSessionId;
    private long nextHousekeepingNs;
    private long journaledSequence;

    /**
     * @param aeron       client the ingress and the egress publications belong to.
     * @param ingress     subscription the clients send to.
     * @param engine      where commands go and outcomes come from; this agent is its only offering thread.
     * @param counters    where the agent counts what it does.
     * @param maxSessions how many sessions may be open at once.
     * @param queries     answers queries from the read models.
     */
    public GatewayAgent(
        final Aeron aeron,
        final Subscription ingress,
        final Engine<?> engine,
        final GatewayCounters counters,
        final int maxSessions,
        final QueryEndpoint queries)
    {
        this.queries = queries;
        this.journaledSequence = engine.recoveryReport().lastSequence();
        this.aeron = aeron;
        this.ingress = ingress;
        this.engine = engine;
        this.counters = counters;
        this.maxSessions = maxSessions;
        this.assembler = new ControlledFragmentAssembler(this);
        // Ids unique across restarts, so a client holding an id from before a restart cannot hit a new session.
        this.nextSessionId = System.currentTimeMillis() * 1_000;
    }

    @Override
    public String roleName()
    {
        return "sequent-gateway";
    }

    @Override
    public int doWork()
    {
        int work = engine.responder().poll(this);
        work += ingress.controlledPoll(assembler, FRAGMENT_LIMIT);
        final long now = System.nanoTime();
        if (now >= nextHousekeepingNs)
        {
            nextHousekeepingNs = now + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping(now);
        }
        return work;
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        counters.bytesIn().getAndAddRelease(length);
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        headerDecoder.wrap(buffer, offset);
        final int blockLength = headerDecoder.blockLength();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            MessageHeaderDecoder.ENCODED_LENGTH + blockLength > length)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }

        return switch (headerDecoder.templateId())
        {
            case CommandHeaderDecoder.TEMPLATE_ID -> onCommand(buffer, offset, length, bodyOffset, blockLength, header);
            case ConnectDecoder.TEMPLATE_ID -> onConnect(buffer, offset + length, bodyOffset, blockLength, header);
            case DisconnectDecoder.TEMPLATE_ID -> onDisconnect(buffer, bodyOffset, blockLength, header);
            case QueryRequestDecoder.TEMPLATE_ID -> onQuery(buffer, offset + length, bodyOffset, blockLength, header);
            default ->
            {
                counters.malformedDropped().increment();
                yield Action.CONTINUE;
            }
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
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        commandHeaderDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final long sessionId = commandHeaderDecoder.sessionId();
        final long correlationId = commandHeaderDecoder.correlationId();
        final Session session = sessions.get(sessionId);
        if (session == null || session.state != Session.State.OPEN || session.imageSessionId != header.sessionId())
        {
            counters.unknownSessionDropped().increment();
            return Action.CONTINUE;
        }

        final int commandOffset = bodyOffset + blockLength;
        final int commandLength = offset + length - commandOffset;
        final long result = engine.offer(sessionId, session.clientId, correlationId, buffer, commandOffset, commandLength);
        if (result == Engine.BACK_PRESSURED)
        {
            counters.backPressured().increment();
            return Action.ABORT;
        }
        counters.commandsReceived().increment();
        if (result == Engine.TOO_LARGE)
        {
            counters.tooLarge().increment();
            counters.rejected(RejectReason.MESSAGE_TOO_LARGE);
            sendResponse(session, correlationId, 0, 0, RejectReason.MESSAGE_TOO_LARGE, 0, false);
        }
        return Action.CONTINUE;
    }

    private Action onQuery(
        final DirectBuffer buffer, final int limit, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < QueryRequestDecoder.BLOCK_LENGTH)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        queryRequestDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(queryRequestDecoder.sessionId());
        if (session == null || session.state != Session.State.OPEN || session.imageSessionId != header.sessionId())
        {
            counters.unknownSessionDropped().increment();
            return Action.CONTINUE;
        }
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
        connectDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final int channelLengthOffset = connectDecoder.limit();
        if (channelLengthOffset + ConnectDecoder.responseChannelHeaderLength() > limit)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        final int channelLength = connectDecoder.responseChannelLength();
        if (channelLength <= 0 || channelLength > MAX_CHANNEL_LENGTH ||
            channelLengthOffset + ConnectDecoder.responseChannelHeaderLength() + channelLength > limit)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        final long correlationId = connectDecoder.correlationId();
        final int streamId = connectDecoder.responseStreamId();
        final String channel = connectDecoder.responseChannel();

        final ExclusivePublication egress;
        try
        {
            egress = aeron.addExclusivePublication(channel, streamId);
        }
        catch (final AeronException | IllegalArgumentException ex)
        {
            counters.sessionsRefused().increment();
            LOG.warn("refused a connect: cannot publish to {} stream {}: {}", channel, streamId, ex.getMessage());
            return Action.CONTINUE;
        }

        final long sessionId = nextSessionId++;
        final Session session = new Session(
            sessionId, correlationId, header.sessionId(), egress, System.nanoTime() + EGRESS_CONNECT_TIMEOUT_NS);
        sessions.put(sessionId, session);
        LOG.info("session {} connecting, egress {} stream {}", sessionId, channel, streamId);
        return Action.CONTINUE;
    }

    private Action onDisconnect(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < DisconnectDecoder.BLOCK_LENGTH)
        {
            counters.malformedDropped().increment();
            return Action.CONTINUE;
        }
        disconnectDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = sessions.get(disconnectDecoder.sessionId());
        if (session != null && session.imageSessionId == header.sessionId())
        {
            sessions.remove(session.id);
            closeSession(session, "client disconnected");
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

    private int housekeeping(final long now)
    {
        counters.copyPositions(engine.positions(), journaledSequence);
        int work = 0;
        final Iterator<Session> it = sessions.values().iterator();
        while (it.hasNext())
        {
            final Session session = it.next();
            if (session.state == Session.State.AWAITING_EGRESS)
            {
                if (session.egress.isConnected())
                {
                    work++;
                    if (sessions.size() > maxSessions)
                    {
                        sendSessionEvent(session, SessionCode.REJECTED,
                            "too many sessions: the server takes " + maxSessions);
                        counters.sessionsRefused().increment();
                        it.remove();
                        CloseHelper.quietClose(session.egress);
                    }
                    else if (sendSessionEvent(session, SessionCode.OK, ""))
                    {
                        session.state = Session.State.OPEN;
                        counters.sessionsOpen().increment();
                        LOG.info("session {} open", session.id);
                    }
                }
                else if (now > session.deadlineNs)
                {
                    it.remove();
                    closeSession(session, "its egress never connected");
                }
            }
            else if (ingress.imageBySessionId(session.imageSessionId) == null)
            {
                it.remove();
                closeSession(session, "its ingress image went away");
            }
        }
        return work;
    }

    private boolean sendSessionEvent(final Session session, final SessionCode code, final String detail)
    {
        sessionEventEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .correlationId(session.connectCorrelationId)
            .sessionId(session.id)
            .code(code)
            .detail(detail);
        return send(session.egress, MessageHeaderEncoder.ENCODED_LENGTH + sessionEventEncoder.encodedLength());
    }

    private void closeSession(final Session session, final String why)
    {
        if (session.state == Session.State.OPEN)
        {
            counters.sessionsOpen().decrement();
        }
        CloseHelper.quietClose(session.egress);
        LOG.info("session {} closed: {}", session.id, why);
    }

    @Override
    public void onClose()
    {
        queries.close();
        for (final Session session : sessions.values())
        {
            CloseHelper.quietClose(session.egress);
        }
        sessions.clear();
    }

    /**
     * @return sessions open or connecting; for tests and tools, read on the agent's thread or after it stopped.
     */
    int sessionCount()
    {
        return sessions.size();
    }
}
