package io.sequent.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.sequent.client.SequentClient.State;
import io.sequent.codecs.session.ChallengeDecoder;
import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionEventDecoder;
import io.sequent.codecs.session.SessionReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * A client's connection to the server, one session at a time: opens the ingress and egress, runs the
 * {@link SessionHandshake}, keeps the session alive ({@link Liveness}), notices when it is lost, reconnects with
 * {@link ReconnectBackoff} as the same client id, and sends the unanswered commands of the {@link InFlightWindow}
 * again, in order, before the client takes new ones. Its {@link State} is the client's. Owned by the client's
 * thread: {@link #doWork} runs in {@link SequentClient#poll()}, the session callbacks in the egress poll before it.
 */
final class ServerConnection
{
    /** The session id while there is no session. */
    static final long NO_SESSION = Long.MIN_VALUE;

    private final ClientContext ctx;
    private final Aeron aeron;
    private final Liveness liveness;
    private final CorrelationIds correlationIds;
    private final SessionHandshake handshake;
    private final SessionPublisher publisher = new SessionPublisher();
    private final Resender resender;
    private final ClientSubscriptions subscriptions;
    private final ReconnectBackoff backoff;
    private final long connectTimeoutNs;
    private ExclusivePublication ingress;
    private Subscription egress;
    private State state = State.DISCONNECTED;
    private boolean firstConnect = true;
    private long sessionId = NO_SESSION;
    private long attemptDeadlineNs;
    private long reconnects;
    private String lastProblem = "";
    private SessionReason closeReason = SessionReason.NONE;

    /**
     * @param ctx            the client's configuration, concluded.
     * @param aeron          to open the channels with.
     * @param window         the commands to send again after a reconnect.
     * @param liveness       of the session.
     * @param correlationIds the client's; connects take theirs from it.
     */
    ServerConnection(
        final ClientContext ctx,
        final Aeron aeron,
        final InFlightWindow window,
        final Liveness liveness,
        final CorrelationIds correlationIds,
        final ClientSubscriptions subscriptions)
    {
        this.subscriptions = subscriptions;
        this.ctx = ctx;
        this.aeron = aeron;
        this.liveness = liveness;
        this.correlationIds = correlationIds;
        this.resender = new Resender(window, publisher);
        this.handshake = new SessionHandshake(ctx.clientId(), ctx.secret(), ctx.egressStreamId());
        this.backoff = new ReconnectBackoff(ctx.reconnectBackoffMin(), ctx.reconnectBackoffMax());
        this.connectTimeoutNs = ctx.connectTimeout().toNanos();
    }

    /**
     * @param result of a {@link Publication#offer}.
     * @return true when it means the server no longer receives (rather than pushing back).
     */
    static boolean isConnectionLost(final long result)
    {
        return result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
            result == Publication.MAX_POSITION_EXCEEDED;
    }

    State state()
    {
        return state;
    }

    long sessionId()
    {
        return sessionId;
    }

    SessionReason closeReason()
    {
        return closeReason;
    }

    String lastProblem()
    {
        return lastProblem;
    }

    long reconnects()
    {
        return reconnects;
    }

    long resent()
    {
        return resender.resent();
    }

    /**
     * @return the egress to poll, or null between connections.
     */
    Subscription egress()
    {
        return egress;
    }

    /**
     * The first session has opened: sessions opened from now on count as reconnects, and a refusal is retried
     * unless it is for good.
     */
    void onFirstSessionOpened()
    {
        firstConnect = false;
    }

    /**
     * Moves the connection on: checks an open session, or takes the next step towards one.
     *
     * @param nowNs the time now.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        int work = 0;
        switch (state)
        {
            case CONNECTED ->
            {
                work += checkSession(nowNs);
                if (state == State.CONNECTED && subscriptions.hasPending() && sendSubscriptions() > 0)
                {
                    work++;
                }
            }
            case DISCONNECTED ->
            {
                if (backoff.isAttemptDue(nowNs))
                {
                    openChannels(nowNs);
                    work++;
                }
            }
            case AWAITING_CHANNELS -> work += awaitChannels(nowNs);
            case AWAITING_SESSION ->
            {
                if (nowNs > attemptDeadlineNs)
                {
                    attemptFailed("the server at " + ctx.ingressChannel() + " did not open a session within " +
                        ctx.connectTimeout().toMillis() + " ms");
                }
            }
            case RESENDING -> work += resend(nowNs);
            default ->
            {
            }
        }
        return work;
    }

    /**
     * Sends a command in the open session; the caller has checked that the state is {@link State#CONNECTED}.
     *
     * @param correlationId the client's id for the command.
     * @param command       buffer holding the domain command.
     * @param offset        of the command.
     * @param length        of the command.
     * @return the {@link Publication#offer} result.
     */
    long offerCommand(final long correlationId, final DirectBuffer command, final int offset, final int length)
    {
        return publisher.offerCommand(ingress, sessionId, correlationId, command, offset, length);
    }

    /**
     * Sends a query in the open session; the caller has checked that the state is {@link State#CONNECTED}.
     *
     * @param correlationId the client's id for the query.
     * @param minSequence   the journal sequence the read model must have reached.
     * @param query         buffer holding the domain query.
     * @param offset        of the query.
     * @param length        of the query.
     * @return the {@link Publication#offer} result.
     */
    long offerQuery(
        final long correlationId, final long minSequence, final DirectBuffer query, final int offset, final int length)
    {
        return publisher.offerQuery(ingress, sessionId, correlationId, minSequence, query, offset, length);
    }

    /**
     * Sends the subscriptions waiting to go (new ones, or one dropped as a slow consumer) in the open session.
     *
     * @return the first failed {@link Publication#offer} result, or 1 when all went.
     */
    long sendSubscriptions()
    {
        return subscriptions.sendPending(publisher, ingress, sessionId);
    }

    /**
     * Ends a subscription in the open session.
     *
     * @param correlationId the subscription's id.
     * @return the {@link Publication#offer} result.
     */
    long offerUnsubscribe(final long correlationId)
    {
        return publisher.offerUnsubscribe(ingress, sessionId, correlationId);
    }

    /**
     * The server challenges a {@code Connect}: answer it when it is this attempt's.
     *
     * @param challenge wrapped over the message.
     */
    void onChallenge(final ChallengeDecoder challenge)
    {
        if (state != State.AWAITING_SESSION || !handshake.answersConnect(challenge.correlationId()))
        {
            return;
        }
        if (!handshake.offerChallengeResponse(ingress, challenge))
        {
            attemptFailed("could not answer the server's challenge");
        }
    }

    /**
     * The server opened, refused or closed a session.
     *
     * @param event wrapped over the message.
     */
    void onSessionEvent(final SessionEventDecoder event)
    {
        final SessionCode code = event.code();
        final SessionReason reason = event.reason();
        final long eventSessionId = event.sessionId();
        if (state == State.AWAITING_SESSION && handshake.answersConnect(event.correlationId()))
        {
            if (code == SessionCode.OK)
            {
                sessionId = eventSessionId;
                publisher.token(handshake.token());
                if (!firstConnect)
                {
                    reconnects++;
                }
                backoff.onSessionOpened();
                resender.start();
                subscriptions.onSessionOpened();
                state = State.RESENDING;
                event.skipDetail();
                return;
            }
            closeReason = reason;
            final String detail = event.detail();
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
            final String detail = event.detail();
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

    /**
     * The session is lost: reconnect after the back-off, or close when the client does not reconnect.
     *
     * @param why for people, kept as the last problem.
     */
    void lose(final String why)
    {
        lastProblem = why;
        sessionId = NO_SESSION;
        closeChannels();
        state = ctx.reconnect() ? State.DISCONNECTED : State.CLOSED;
        backoff.onSessionLost(System.nanoTime());
    }

    /**
     * Closes the session, telling the server when it can, and the channels.
     */
    void close()
    {
        if (sessionId != NO_SESSION && ingress != null && ingress.isConnected())
        {
            publisher.offerDisconnect(ingress, sessionId);
        }
        sessionId = NO_SESSION;
        closeChannels();
        state = State.CLOSED;
    }

    private int checkSession(final long nowNs)
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
        if (liveness.isServerSilent(nowNs))
        {
            lose("nothing heard from the server for " + ctx.livenessTimeout().toMillis() + " ms");
            return 1;
        }
        if (liveness.isIntervalOver(nowNs))
        {
            if (liveness.wasIdle())
            {
                publisher.offerKeepalive(ingress, sessionId);
            }
            return 1;
        }
        return 0;
    }

    private void openChannels(final long nowNs)
    {
        try
        {
            egress = aeron.addSubscription(ctx.egressChannel(), ctx.egressStreamId());
            ingress = aeron.addExclusivePublication(ctx.ingressChannel(), ctx.ingressStreamId());
            attemptDeadlineNs = nowNs + connectTimeoutNs;
            state = State.AWAITING_CHANNELS;
        }
        catch (final RuntimeException ex)
        {
            attemptFailed("cannot open the channels " + ctx.ingressChannel() + " / " + ctx.egressChannel() + ": " +
                ex.getMessage());
        }
    }

    private int awaitChannels(final long nowNs)
    {
        if (nowNs > attemptDeadlineNs)
        {
            attemptFailed(ingress.isConnected() ?
                "the egress " + ctx.egressChannel() + " did not bind in time" :
                "no server is listening on " + ctx.ingressChannel() + " stream " + ctx.ingressStreamId() +
                ": start one, or check the channel");
            return 1;
        }
        // A UDP egress on port 0 is told to the server with the port the OS chose.
        final String responseChannel = ctx.egressChannel().startsWith("aeron:udp") ?
            egress.tryResolveChannelEndpointPort() : ctx.egressChannel();
        if (responseChannel == null || !ingress.isConnected())
        {
            return 0;
        }
        if (handshake.offerConnect(ingress, correlationIds.next(), responseChannel))
        {
            state = State.AWAITING_SESSION;
        }
        return 1;
    }

    private int resend(final long nowNs)
    {
        final int sent = resender.resend(ingress, sessionId);
        if (!resender.isDone())
        {
            if (isConnectionLost(resender.lastFailure()))
            {
                lose("the server stopped receiving while commands were sent again");
            }
            return sent;
        }
        // Then the subscriptions, each from where it stands.
        final long subscribed = subscriptions.sendPending(publisher, ingress, sessionId);
        if (subscribed < 0)
        {
            if (isConnectionLost(subscribed))
            {
                lose("the server stopped receiving while subscriptions were sent again");
            }
            return sent;
        }
        state = State.CONNECTED;
        liveness.onSessionReady(nowNs);
        return sent + 1;
    }

    private void attemptFailed(final String why)
    {
        lastProblem = why;
        closeChannels();
        state = State.DISCONNECTED;
        backoff.onAttemptFailed(System.nanoTime());
    }

    private void closeChannels()
    {
        CloseHelper.quietCloseAll(ingress, egress);
        ingress = null;
        egress = null;
    }

    private static boolean isPermanent(final SessionReason reason)
    {
        return reason == SessionReason.UNKNOWN_CLIENT || reason == SessionReason.BAD_CREDENTIAL ||
            reason == SessionReason.UNSUPPORTED_VERSION;
    }
}
