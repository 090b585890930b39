package io.sequent.client;

import io.aeron.Publication;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import io.sequent.codecs.session.SubscriptionScope;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The client's subscriptions and where each stands: the next sequence it wants. Every one is (re)sent when a
 * session opens, from that sequence, so a reconnect or a server restart loses and repeats no event; one the server
 * dropped as a slow consumer is sent again at once. Owned by the client's thread.
 */
final class ClientSubscriptions
{
    private final Long2ObjectHashMap<Entry> entries = new Long2ObjectHashMap<>();
    private final List<Entry> pending = new ArrayList<>();

    /**
     * Registers a subscription, to be sent by the next {@link #sendPending}.
     */
    void add(
        final long id, final long fromSequence, final SubscriptionScope scope, final long key,
        final SubscriptionListener listener)
    {
        final Entry entry = new Entry(id, fromSequence, scope, key, listener);
        entries.put(id, entry);
        pending.add(entry);
    }

    /**
     * @return whether the client holds this subscription.
     */
    boolean contains(final long id)
    {
        return entries.containsKey(id);
    }

    /**
     * Forgets a subscription (the client ended it).
     */
    void remove(final long id)
    {
        final Entry entry = entries.remove(id);
        if (entry != null)
        {
            pending.remove(entry);
        }
    }

    /**
     * A new session: every subscription must be sent again.
     */
    void onSessionOpened()
    {
        pending.clear();
        for (final Entry entry : entries.values())
        {
            pending.add(entry);
        }
    }

    /**
     * Sends the subscriptions waiting to be (re)sent, from where each stands.
     *
     * @return the first failed {@link Publication#offer} result, or 1 when all went.
     */
    long sendPending(final SessionPublisher publisher, final Publication ingress, final long sessionId)
    {
        while (!pending.isEmpty())
        {
            final Entry entry = pending.get(pending.size() - 1);
            final long result = publisher.offerSubscribe(
                ingress, sessionId, entry.id, entry.nextSequence, entry.scope, entry.key);
            if (result < 0)
            {
                return result;
            }
            pending.remove(pending.size() - 1);
        }
        return 1;
    }

    /**
     * @return whether some subscription waits to be sent.
     */
    boolean hasPending()
    {
        return !pending.isEmpty();
    }

    void onEvent(
        final long id, final long sequence, final long timestamp, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final Entry entry = entries.get(id);
        if (entry == null || entry.nextSequence > 0 && sequence < entry.nextSequence)
        {
            // An event of an ended subscription, or one delivered already before a resubscription.
            return;
        }
        entry.nextSequence = sequence + 1;
        entry.listener.onEvent(id, sequence, timestamp, buffer, offset, length);
    }

    void onStatus(
        final long id, final SubscriptionCode code, final SubscriptionReason reason, final long position,
        final String detail)
    {
        final Entry entry = entries.get(id);
        if (entry == null)
        {
            return;
        }
        switch (code)
        {
            case STARTED ->
            {
                // "What comes next" (-1) and "the oldest" (0) now have a sequence to come back to.
                if (entry.nextSequence <= 0)
                {
                    entry.nextSequence = position;
                }
            }
            case REFUSED, ENDED -> entries.remove(id);
            case DROPPED ->
            {
                if (reason == SubscriptionReason.SLOW_CONSUMER)
                {
                    pending.add(entry);
                }
                else if (reason == SubscriptionReason.JOURNAL_ERROR)
                {
                    entries.remove(id);
                }
                // SERVER_CLOSING: sent again when the next session opens.
            }
            default ->
            {
            }
        }
        entry.listener.onStatus(id, code, reason, position, detail);
    }

    private static final class Entry
    {
        final long id;
        final SubscriptionScope scope;
        final long key;
        final SubscriptionListener listener;
        long nextSequence;

        Entry(
            final long id, final long fromSequence, final SubscriptionScope scope, final long key,
            final SubscriptionListener listener)
        {
            this.id = id;
            this.nextSequence = fromSequence;
            this.scope = scope;
            this.key = key;
            this.listener = listener;
        }
    }
}
