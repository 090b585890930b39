package io.sequent.gateway;

import io.sequent.codecs.session.SessionCode;
import io.sequent.codecs.session.SessionReason;
import org.agrona.CloseHelper;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * The gateway's sessions, found by session id, by the Aeron image they send from, and (once open) by client id:
 * a client has at most one open session. Opening, refusing and closing a session happen here, so the three views
 * and the counters never disagree. Owned by the gateway agent's thread; the maps are Agrona's, so lookups box
 * nothing and iteration reuses one iterator.
 */
final class SessionRegistry
{
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

    private final Long2ObjectHashMap<Session> byId = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Session> byImage = new Int2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> openByClient = new Long2ObjectHashMap<>();
    private final EgressPublisher egress;
    private final GatewayCounters counters;
    private long nextSessionId;

    /**
     * @param egress   tells clients that their session is refused or closed.
     * @param counters counts sessions open and refused.
     */
    SessionRegistry(final EgressPublisher egress, final GatewayCounters counters)
    {
        this.egress = egress;
        this.counters = counters;
        // Ids unique across restarts, so a client holding an id from before a restart cannot hit a new session.
        this.nextSessionId = System.currentTimeMillis() * 1_000;
    }

    /**
     * @return a session id no other session of this server, nor of an earlier run, has had.
     */
    long nextSessionId()
    {
        return nextSessionId++;
    }

    /**
     * Registers a session that starts its handshake.
     *
     * @param session new, not yet open.
     */
    void add(final Session session)
    {
        byId.put(session.id, session);
        byImage.put(session.imageSessionId, session);
    }

    /**
     * @param sessionId as the client names it.
     * @return the session, open or in its handshake, or null.
     */
    Session get(final long sessionId)
    {
        return byId.get(sessionId);
    }

    /**
     * @param imageSessionId Aeron's session id of an ingress image.
     * @return the latest session that image started, or null.
     */
    Session byImage(final int imageSessionId)
    {
        return byImage.get(imageSessionId);
    }

    /**
     * @param clientId an authenticated client.
     * @return its open session, or null.
     */
    Session openSessionOf(final long clientId)
    {
        return openByClient.get(clientId);
    }

    /**
     * @return sessions open now.
     */
    int openCount()
    {
        return openByClient.size();
    }

    /**
     * @return sessions in their handshake now: each holds a publication.
     */
    int handshakeCount()
    {
        return byId.size() - openByClient.size();
    }

    /**
     * @return sessions open or in their handshake.
     */
    int size()
    {
        return byId.size();
    }

    /**
     * @return every session, open or in its handshake; the iterator is reused, so finish with it before the next
     *         call, and change no session's registration while iterating.
     */
    Iterator<Session> iterator()
    {
        return byId.values().iterator();
    }

    /**
     * Marks an authenticated session open: from now on its commands are taken.
     *
     * @param session whose client proved its secret, and told so.
     * @param nowNs   the agent's time, the session's first sign of life.
     */
    void open(final Session session, final long nowNs)
    {
        session.state = Session.State.OPEN;
        session.lastHeardNs = nowNs;
        openByClient.put(session.clientId, session);
        counters.sessionsOpen().increment();
        LOG.info("session {} open for client {}", session.id, session.clientId);
    }

    /**
     * Refuses a session still in its handshake, telling the client why when its egress is connected.
     *
     * @param session in its handshake.
     * @param reason  why.
     * @param detail  what a person reads.
     */
    void refuse(final Session session, final SessionReason reason, final String detail)
    {
        remove(session);
        counters.sessionsRefused().increment();
        if (session.egress.isConnected())
        {
            egress.sendSessionEvent(session, SessionCode.REJECTED, reason, detail);
        }
        CloseHelper.quietClose(session.egress);
        LOG.info("session {} for client {} refused, {}: {}", session.id, session.clientId, reason, detail);
    }

    /**
     * Closes a session, telling the client why when it was open, a reason is given and its egress still connects.
     *
     * @param session open or in its handshake.
     * @param reason  why, or {@link SessionReason#NONE} to close without a word (the client asked, or cannot hear).
     * @param why     what a person reads.
     */
    void close(final Session session, final SessionReason reason, final String why)
    {
        remove(session);
        if (session.state == Session.State.OPEN)
        {
            counters.sessionsOpen().decrement();
            if (reason != SessionReason.NONE && session.egress.isConnected())
            {
                egress.sendSessionEvent(session, SessionCode.CLOSED, reason, why);
            }
        }
        CloseHelper.quietClose(session.egress);
        LOG.info("session {} of client {} closed: {}", session.id, session.clientId, why);
    }

    /**
     * Closes every session as the gateway stops, telling open ones why.
     *
     * @param why what a person reads.
     */
    void closeAll(final String why)
    {
        for (final Session session : byId.values())
        {
            if (session.state == Session.State.OPEN && session.egress.isConnected())
            {
                egress.sendSessionEvent(session, SessionCode.CLOSED, SessionReason.SERVER_CLOSING, why);
            }
            CloseHelper.quietClose(session.egress);
        }
        byId.clear();
        byImage.clear();
        openByClient.clear();
    }

    private void remove(final Session session)
    {
        byId.remove(session.id);
        if (byImage.get(session.imageSessionId) == session)
        {
            byImage.remove(session.imageSessionId);
        }
        if (openByClient.get(session.clientId) == session)
        {
            openByClient.remove(session.clientId);
        }
    }
}
