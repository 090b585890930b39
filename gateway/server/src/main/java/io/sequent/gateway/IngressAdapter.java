package io.sequent.gateway;

import io.aeron.ControlledFragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.codecs.RejectReason;
import io.sequent.codecs.session.ChallengeResponseDecoder;
import io.sequent.codecs.session.CommandHeaderDecoder;
import io.sequent.codecs.session.ConnectDecoder;
import io.sequent.codecs.session.DisconnectDecoder;
import io.sequent.codecs.session.KeepaliveDecoder;
import io.sequent.codecs.session.MessageHeaderDecoder;
import io.sequent.codecs.session.QueryRequestDecoder;
import io.sequent.codecs.session.SubscribeDecoder;
import io.sequent.codecs.session.UnsubscribeDecoder;
import io.sequent.codecs.session.SessionReason;
import io.sequent.engine.CommandSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedNanoClock;
import io.sequent.auth.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes frames off the Aeron ingress and checks them before anything acts on them: the frame holds a message
 * header and the block it announces, of this protocol's schema and a version it speaks, not larger than a control
 * frame unless it is a command, and (for a command, keepalive, query or challenge response) on a session of the
 * image it came from. Then it dispatches by template: a command is offered to the engine's command sink, a query is
 * answered from the projections, a keepalive is echoed, the handshake frames go to the {@link Handshake}.
 * <p>
 * Back-pressure: when the command ring is full the fragment is left for the next poll (ABORT), so Aeron's flow
 * control pushes back to the clients; nothing is dropped. A bad frame is answered with its own reason when its
 * sender has a session to answer on, else dropped; either way it is counted and never reaches the engine. The
 * decoders are fields and the sessions are found in primitive maps, so a command allocates nothing here.
 */
final class IngressAdapter implements ControlledFragmentHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(IngressAdapter.class);
    /** No control frame of the protocol comes near this; a command may be larger (up to the engine's slot). */
    static final int MAX_CONTROL_FRAME_LENGTH = 2048;
    /** Frames taken per poll: the responder gets its turn between polls. */
    static final int FRAGMENT_LIMIT = 64;
    /** Longer than any Aeron URI a client needs; a longer one is taken as malformed. */
    static final int MAX_CHANNEL_LENGTH = 1024;

    private final Subscription ingress;
    private final ControlledFragmentAssembler assembler = new ControlledFragmentAssembler(this);
    private final CommandSink engine;
    private final SessionRegistry sessions;
    private final Handshake handshake;
    private final QueryEndpoint queries;
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private final CachedNanoClock clock;
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CommandHeaderDecoder commandHeaderDecoder = new CommandHeaderDecoder();
    private final KeepaliveDecoder keepaliveDecoder = new KeepaliveDecoder();
    private final QueryRequestDecoder queryRequestDecoder = new QueryRequestDecoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final ChallengeResponseDecoder challengeResponseDecoder = new ChallengeResponseDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();

    private final SubscriptionService subscriptions;
    private final OutcomeRouter outcomes;
    private final SubscribeDecoder subscribeDecoder = new SubscribeDecoder();
    private final UnsubscribeDecoder unsubscribeDecoder = new UnsubscribeDecoder();

    /**
     * @param ingress   the subscription clients send to.
     * @param engine    where commands go; this adapter is its only offering thread.
     * @param sessions  the sessions frames are checked against.
     * @param handshake opens sessions.
     * @param queries   answers queries.
     * @param egress    answers frames.
     * @param counters  counts every frame, good or bad.
     * @param clock     the agent's time, taken once per duty cycle.
     */
    IngressAdapter(
        final Subscription ingress,
        final CommandSink engine,
        final SessionRegistry sessions,
        final Handshake handshake,
        final QueryEndpoint queries,
        final SubscriptionService subscriptions,
        final OutcomeRouter outcomes,
        final EgressPublisher egress,
        final GatewayCounters counters,
        final CachedNanoClock clock)
    {
        this.ingress = ingress;
        this.engine = engine;
        this.sessions = sessions;
        this.handshake = handshake;
        this.queries = queries;
        this.subscriptions = subscriptions;
        this.outcomes = outcomes;
        this.egress = egress;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Takes up to {@link #FRAGMENT_LIMIT} fragments off the ingress.
     *
     * @return fragments taken.
     */
    int poll()
    {
        return ingress.controlledPoll(assembler, FRAGMENT_LIMIT);
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

        final int limit = offset + length;
        return switch (templateId)
        {
            case CommandHeaderDecoder.TEMPLATE_ID -> onCommand(buffer, limit, bodyOffset, blockLength, header);
            case KeepaliveDecoder.TEMPLATE_ID -> onKeepalive(buffer, bodyOffset, blockLength, header);
            case ConnectDecoder.TEMPLATE_ID -> onConnect(buffer, limit, bodyOffset, blockLength, header);
            case ChallengeResponseDecoder.TEMPLATE_ID -> onChallengeResponse(buffer, bodyOffset, blockLength, header);
            case DisconnectDecoder.TEMPLATE_ID -> onDisconnect(buffer, bodyOffset, blockLength, header);
            case QueryRequestDecoder.TEMPLATE_ID -> onQuery(buffer, limit, bodyOffset, blockLength, header);
            case SubscribeDecoder.TEMPLATE_ID -> onSubscribe(buffer, bodyOffset, blockLength, header);
            case UnsubscribeDecoder.TEMPLATE_ID -> onUnsubscribe(buffer, bodyOffset, blockLength, header);
            default -> rejectFrame(header, 0, RejectReason.UNKNOWN_TEMPLATE);
        };
    }

    private Action onCommand(
        final DirectBuffer buffer, final int limit, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < CommandHeaderDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        commandHeaderDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final long sessionId = commandHeaderDecoder.sessionId();
        final long correlationId = commandHeaderDecoder.correlationId();
        final Session session = openSession(sessionId, correlationId, commandHeaderDecoder.token(), header);
        if (session == null)
        {
            return Action.CONTINUE;
        }
        if ((session.roles & Credentials.TRADE) == 0)
        {
            return rejectFrame(header, correlationId, RejectReason.NOT_PERMITTED);
        }

        final int commandOffset = bodyOffset + blockLength;
        final long result = engine.offer(sessionId, session.clientId, correlationId, CommandSink.SEQUENCER_TIME,
            buffer, commandOffset, limit - commandOffset);
        if (result == CommandSink.BACK_PRESSURED)
        {
            counters.backPressured().increment();
            return Action.ABORT;
        }
        session.lastHeardNs = clock.nanoTime();
        counters.commandsReceived().increment();
        if (result == CommandSink.TOO_LARGE)
        {
            counters.tooLarge().increment();
            counters.rejected(RejectReason.MESSAGE_TOO_LARGE);
            egress.sendResponse(session, correlationId, 0, 0, RejectReason.MESSAGE_TOO_LARGE, 0, false);
        }
        return Action.CONTINUE;
    }

    /**
     * Answers a bad frame on its sender's session when it has an open one, else drops it; counts it either way.
     */
    private Action rejectFrame(final Header header, final long correlationId, final int reason)
    {
        final Session session = sessions.byImage(header.sessionId());
        if (session != null && session.state == Session.State.OPEN)
        {
            egress.sendResponse(session, correlationId, 0, 0, reason, 0, false);
        }
        else if (session != null && session.state == Session.State.CHALLENGED &&
            reason == RejectReason.UNAUTHENTICATED)
        {
            // A client that sends before its handshake ends has a live egress: it can be told.
            egress.sendResponse(session, correlationId, 0, 0, reason, 0, false);
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
        if (session.token != keepaliveDecoder.token())
        {
            return forged(session);
        }
        session.lastHeardNs = clock.nanoTime();
        egress.sendKeepalive(session);
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
        final long correlationId = queryRequestDecoder.correlationId();
        final Session session = openSession(queryRequestDecoder.sessionId(), correlationId,
            queryRequestDecoder.token(), header);
        if (session == null)
        {
            return Action.CONTINUE;
        }
        // Answered here, from the projections: the sequencer never sees a query.
        final int queryOffset = bodyOffset + blockLength;
        final int length = queries.answer(correlationId, queryRequestDecoder.minSequence(),
            buffer, queryOffset, limit - queryOffset, egress.buffer());
        egress.send(session, length);
        return Action.CONTINUE;
    }

    private Action onSubscribe(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < SubscribeDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        subscribeDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final long correlationId = subscribeDecoder.correlationId();
        final Session session = openSession(subscribeDecoder.sessionId(), correlationId, subscribeDecoder.token(),
            header);
        if (session != null)
        {
            // Served from the journal by the subscription service, in this agent's duty cycle.
            subscriptions.subscribe(session, correlationId, subscribeDecoder.fromSequence(), subscribeDecoder.scope(),
                subscribeDecoder.key(), outcomes.journaledSequence());
        }
        return Action.CONTINUE;
    }

    private Action onUnsubscribe(
        final DirectBuffer buffer, final int bodyOffset, final int blockLength, final Header header)
    {
        if (blockLength < UnsubscribeDecoder.BLOCK_LENGTH)
        {
            return rejectFrame(header, 0, RejectReason.MALFORMED_FRAME);
        }
        unsubscribeDecoder.wrap(buffer, bodyOffset, blockLength, headerDecoder.version());
        final Session session = openSession(unsubscribeDecoder.sessionId(), unsubscribeDecoder.correlationId(),
            unsubscribeDecoder.token(), header);
        if (session != null)
        {
            subscriptions.unsubscribe(session, unsubscribeDecoder.correlationId());
        }
        return Action.CONTINUE;
    }

    /**
     * The open session a frame names, when it is the sender's: from the session's Aeron image and with its token;
     * else the frame is answered or dropped as bad input.
     *
     * @return the session, or null when the frame was rejected.
     */
    private Session openSession(final long sessionId, final long correlationId, final long token, final Header header)
    {
        final Session session = sessions.get(sessionId);
        if (session == null || session.imageSessionId != header.sessionId())
        {
            rejectFrame(header, correlationId, RejectReason.UNKNOWN_SESSION);
            return null;
        }
        if (session.state != Session.State.OPEN)
        {
            rejectFrame(header, correlationId, RejectReason.UNAUTHENTICATED);
            return null;
        }
        if (session.token != token)
        {
            forged(session);
            return null;
        }
        session.lastHeardNs = clock.nanoTime();
        return session;
    }

    /**
     * A frame that names an open session from the session's own Aeron image, without the session's token: another
     * sender reusing the client's Aeron session id. It is dropped unanswered: an answer would go to the client.
     */
    private Action forged(final Session session)
    {
        final long forged = counters.forgedFrames().incrementRelease() + 1;
        if (forged <= 10)
        {
            LOG.warn("a frame for session {} of client {} came from its Aeron image without the session's token: " +
                "another sender reusing its session id; dropped ({} so far)", session.id, session.clientId, forged);
        }
        counters.framesUnanswered().increment();
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
        handshake.onConnect(connectDecoder, headerDecoder.version(), blockLength, header.sessionId());
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
        handshake.onChallengeResponse(session, challengeResponseDecoder);
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
        if (session != null && session.imageSessionId == header.sessionId() && session.state == Session.State.OPEN &&
            session.token != disconnectDecoder.token())
        {
            return forged(session);
        }
        if (session != null && session.imageSessionId == header.sessionId())
        {
            sessions.close(session, SessionReason.NONE, "client disconnected");
        }
        else
        {
            counters.frameRejected(RejectReason.UNKNOWN_SESSION).increment();
            counters.framesUnanswered().increment();
        }
        return Action.CONTINUE;
    }
}
