package io.sequent.gateway;

import io.aeron.Subscription;
import io.sequent.codecs.session.SessionReason;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's periodic walk over its sessions (every few milliseconds, not per message): challenges a client
 * once its egress connects (or refuses it then, when its connect was refused), refuses handshakes that take too
 * long, and closes open sessions that fell silent or whose ingress image went away. Each is told why when it can
 * still hear.
 */
final class SessionHousekeeping
{
    private final SessionRegistry sessions;
    private final Handshake handshake;
    private final Subscription ingress;
    private final GatewayCounters counters;
    private final long sessionTimeoutNs;
    /** Sessions to drop once the walk is done: the registry is not changed while it is iterated. */
    private final List<Session> toClose = new ArrayList<>();

    /**
     * @param sessions         the sessions to walk.
     * @param handshake        challenges a client whose egress has connected.
     * @param ingress          the subscription whose images show which clients are still there.
     * @param counters         counts timed-out sessions.
     * @param sessionTimeoutNs how long an open session may stay silent.
     */
    SessionHousekeeping(
        final SessionRegistry sessions,
        final Handshake handshake,
        final Subscription ingress,
        final GatewayCounters counters,
        final long sessionTimeoutNs)
    {
        this.sessions = sessions;
        this.handshake = handshake;
        this.ingress = ingress;
        this.counters = counters;
        this.sessionTimeoutNs = sessionTimeoutNs;
    }

    /**
     * Walks every session once.
     *
     * @param nowNs the agent's time.
     * @return work done: sessions challenged, refused or closed.
     */
    int doWork(final long nowNs)
    {
        int work = 0;
        final Iterator<Session> it = sessions.iterator();
        while (it.hasNext())
        {
            final Session session = it.next();
            switch (session.state)
            {
                case AWAITING_EGRESS -> work += onAwaitingEgress(session, nowNs);
                case CHALLENGED -> onChallenged(session, nowNs);
                case OPEN -> onOpen(session, nowNs);
                default ->
                {
                }
            }
        }
        for (int i = 0, size = toClose.size(); i < size; i++)
        {
            final Session session = toClose.get(i);
            if (session.state == Session.State.OPEN)
            {
                sessions.close(session, session.refusal, session.refusalDetail);
            }
            else
            {
                sessions.refuse(session, session.refusal, session.refusalDetail);
            }
        }
        work += toClose.size();
        toClose.clear();
        return work;
    }

    private int onAwaitingEgress(final Session session, final long nowNs)
    {
        if (session.egress.isConnected())
        {
            if (session.refusal != SessionReason.NONE)
            {
                toClose.add(session);
            }
            else
            {
                handshake.challenge(session);
            }
            return 1;
        }
        if (nowNs > session.handshakeDeadlineNs)
        {
            session.refuse(SessionReason.HANDSHAKE_TIMEOUT, "the client's egress never connected");
            toClose.add(session);
        }
        return 0;
    }

    private void onChallenged(final Session session, final long nowNs)
    {
        if (nowNs > session.handshakeDeadlineNs)
        {
            session.refuse(SessionReason.HANDSHAKE_TIMEOUT, "no answer to the challenge within " +
                TimeUnit.NANOSECONDS.toMillis(handshake.handshakeTimeoutNs()) + " ms");
            toClose.add(session);
        }
    }

    private void onOpen(final Session session, final long nowNs)
    {
        if (nowNs - session.lastHeardNs > sessionTimeoutNs)
        {
            counters.sessionsTimedOut().increment();
            session.refuse(SessionReason.SESSION_TIMEOUT, "nothing heard for " +
                TimeUnit.NANOSECONDS.toMillis(sessionTimeoutNs) + " ms (" +
                ServerConfiguration.SESSION_TIMEOUT_MS_PROP_NAME + ")");
            toClose.add(session);
        }
        else if (ingress.imageBySessionId(session.imageSessionId) == null)
        {
            session.refuse(SessionReason.CLIENT_DISCONNECTED, "its ingress image went away");
            toClose.add(session);
        }
    }
}
