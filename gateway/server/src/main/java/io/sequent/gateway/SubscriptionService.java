package io.sequent.gateway;

import io.sequent.auth.Credentials;
import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import io.sequent.codecs.session.SubscriptionScope;
import io.sequent.engine.domain.EventAudience;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalCursor;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.sequent.journal.crypto.JournalKeyring;
import io.sequent.journal.storage.FileSegmentStorage;

/**
 * Serves subscriptions to the event stream from the journal, never from the sequencer: each subscription has a
 * {@link JournalCursor} that starts at the asked sequence, catches up from the journal and then follows it as it
 * grows, up to the last journal sequence whose command has been answered (so a subscriber never sees an event before
 * the command's client could have), in one loop with no gap and no duplicate at the hand-over. The domain's
 * {@link EventAudience} decides what a subscriber of scope OWN (its own execution reports) or MARKET (public data)
 * sees of each event; scope ALL is every domain event, for clients with the read role.
 * <p>
 * A slow subscriber never slows the engine: its events are offered once per duty cycle and stay in the journal until
 * it takes them; one that takes nothing for the slow-consumer time is dropped with {@code SLOW_CONSUMER} and the
 * sequence to resubscribe from. Owned by the gateway agent's thread; nothing is allocated per event.
 */
final class SubscriptionService implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    /** Events one subscription is given per duty cycle, so that one cannot starve the others or the commands. */
    static final int EVENTS_PER_CYCLE = 256;

    private final Path journalDir;
    private final JournalKeyring keyring;
    private final EventAudience audience;
    private final EgressPublisher egress;
    private final SessionRegistry sessions;
    private final GatewayCounters counters;
    private final int maxTotal;
    private final int maxPerSession;
    private final long slowConsumerNs;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final UnsafeBuffer view = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64 * 1024, 64));
    private final JournalCursor.Handler handler = this::onFrame;
    private Subscription current;
    private boolean offerFailed;

    /**
     * @param journalDir     the engine's journal.
     * @param keyring        the keys of its encrypted segments, or null when it has none.
     * @param audience       the domain's, or null when it serves only scope ALL.
     * @param egress         sends to subscribers.
     * @param sessions       where a subscriber's session is looked up (it may have closed).
     * @param counters       counts what is sent and dropped.
     * @param maxTotal       subscriptions open at once, over all sessions.
     * @param maxPerSession  subscriptions one session may hold.
     * @param slowConsumerNs how long a subscriber may take nothing before it is dropped.
     */
    SubscriptionService(
        final Path journalDir,
        final JournalKeyring keyring,
        final EventAudience audience,
        final EgressPublisher egress,
        final SessionRegistry sessions,
        final GatewayCounters counters,
        final int maxTotal,
        final int maxPerSession,
        final long slowConsumerNs)
    {
        this.journalDir = journalDir;
        this.keyring = keyring;
        this.audience = audience;
        this.egress = egress;
        this.sessions = sessions;
        this.counters = counters;
        this.maxTotal = maxTotal;
        this.maxPerSession = maxPerSession;
        this.slowConsumerNs = slowConsumerNs;
    }

    /**
     * Starts a subscription, or refuses it with its reason.
     *
     * @param session       the subscriber's, open.
     * @param correlationId names the subscription.
     * @param fromSequence  first sequence wanted; 0 the oldest kept, -1 what comes next.
     * @param scope         ALL, OWN or MARKET.
     * @param key           the domain's filter within the scope.
     * @param head          the last sequence answered so far: what may be sent.
     */
    void subscribe(
        final Session session,
        final long correlationId,
        final long fromSequence,
        final SubscriptionScope scope,
        final long key,
        final long head)
    {
        final SubscriptionReason refusal = refusal(session, correlationId, scope);
        if (refusal != SubscriptionReason.NONE)
        {
            refuse(session, correlationId, refusal, head + 1, describe(refusal, scope));
            return;
        }
        final long oldest = JournalCursor.oldestSequence(journalDir);
        final long from = fromSequence == -1 ? head + 1 : fromSequence == 0 ? oldest : fromSequence;
        if (from > head + 1 || from < -1)
        {
            refuse(session, correlationId, SubscriptionReason.BEYOND_HEAD, head + 1, "sequence " + fromSequence +
                " is past the journal's next one, " + (head + 1));
            return;
        }
        if (from < oldest)
        {
            refuse(session, correlationId, SubscriptionReason.BEFORE_RETENTION, oldest, "sequences before " +
                oldest + " were deleted by the journal's retention: subscribe from " + oldest + " or later");
            return;
        }
        final JournalCursor cursor;
        try
        {
            cursor = JournalCursor.open(journalDir, FileSegmentStorage.INSTANCE, keyring, from);
        }
        catch (final RuntimeException ex)
        {
            refuse(session, correlationId, SubscriptionReason.JOURNAL_ERROR, from, ex.getMessage());
            return;
        }
        subscriptions.add(new Subscription(session, correlationId, scope, key, cursor, head));
        counters.subscriptionsOpen().increment();
        egress.sendSubscriptionStatus(session, correlationId, SubscriptionCode.STARTED, SubscriptionReason.NONE, from,
            "");
        LOG.info("session {} of client {} subscribed {} from sequence {} (key {})", session.id, session.clientId,
            scope, from, key);
    }

    private SubscriptionReason refusal(final Session session, final long correlationId, final SubscriptionScope scope)
    {
        if (scope == SubscriptionScope.NULL_VAL)
        {
            return SubscriptionReason.UNSUPPORTED_SCOPE;
        }
        if (scope == SubscriptionScope.ALL && (session.roles & Credentials.READ) == 0)
        {
            return SubscriptionReason.NOT_PERMITTED;
        }
        if (scope != SubscriptionScope.ALL && (audience == null || !audience.supports(scope)))
        {
            return SubscriptionReason.UNSUPPORTED_SCOPE;
        }
        int mine = 0;
        for (int i = 0, size = subscriptions.size(); i < size; i++)
        {
            final Subscription subscription = subscriptions.get(i);
            if (subscription.session == session && subscription.endCode == null)
            {
                mine++;
                if (subscription.correlationId == correlationId)
                {
                    return SubscriptionReason.TOO_MANY;
                }
            }
        }
        return subscriptions.size() >= maxTotal || mine >= maxPerSession ? SubscriptionReason.TOO_MANY :
            SubscriptionReason.NONE;
    }

    private String describe(final SubscriptionReason reason, final SubscriptionScope scope)
    {
        return switch (reason)
        {
            case NOT_PERMITTED -> "scope ALL needs the read role in the client's credentials (roles=...,read)";
            case UNSUPPORTED_SCOPE -> "the domain serves no subscriptions of scope " + scope;
            case TOO_MANY -> "at most " + maxPerSession + " subscriptions a session and " + maxTotal + " in all " +
                "(sequent.subscriptions.max), each with its own correlation id";
            default -> reason.name();
        };
    }

    private void refuse(
        final Session session, final long correlationId, final SubscriptionReason reason, final long position,
        final String detail)
    {
        counters.subscriptionsRefused().increment();
        egress.sendSubscriptionStatus(session, correlationId, SubscriptionCode.REFUSED, reason, position, detail);
    }

    /**
     * Ends a subscription at the client's request.
     *
     * @param session       the subscriber's.
     * @param correlationId the subscription's.
     */
    void unsubscribe(final Session session, final long correlationId)
    {
        for (int i = 0, size = subscriptions.size(); i < size; i++)
        {
            final Subscription subscription = subscriptions.get(i);
            if (subscription.session == session && subscription.correlationId == correlationId &&
                subscription.endCode == null)
            {
                end(i, SubscriptionCode.ENDED, SubscriptionReason.NONE, "");
                return;
            }
        }
    }

    /**
     * Sends every subscription what it may have, up to {@code head}, a bounded number of events each.
     *
     * @param head  the last journal sequence whose command has been answered.
     * @param nowNs the duty cycle's time.
     * @return events sent.
     */
    int doWork(final long head, final long nowNs)
    {
        int work = 0;
        for (int i = subscriptions.size() - 1; i >= 0; i--)
        {
            final Subscription subscription = subscriptions.get(i);
            if (sessions.get(subscription.session.id) != subscription.session)
            {
                // The session closed: its subscriptions go with it, and the client resubscribes when it is back.
                subscriptions.remove(i);
                if (subscription.endCode == null)
                {
                    counters.subscriptionsOpen().decrement();
                    CloseHelper.quietClose(subscription.cursor);
                }
                continue;
            }
            if (subscription.endCode != null)
            {
                // Ended or dropped, and the subscriber not told yet: it is told before the entry goes.
                if (egress.offerSubscriptionStatus(subscription.session, subscription.correlationId,
                    subscription.endCode, subscription.endReason, subscription.cursor.nextSequence(),
                    subscription.endDetail))
                {
                    subscriptions.remove(i);
                    work++;
                }
                continue;
            }
            work += serve(i, subscription, head, nowNs);
        }
        return work;
    }

    private int serve(final int index, final Subscription subscription, final long head, final long nowNs)
    {
        current = subscription;
        offerFailed = false;
        final int taken;
        try
        {
            taken = subscription.cursor.poll(head, handler, EVENTS_PER_CYCLE);
        }
        catch (final JournalCorruptedException | IllegalStateException ex)
        {
            LOG.warn("subscription {} of session {} cannot read the journal: {}", subscription.correlationId,
                subscription.session.id, ex.getMessage());
            end(index, SubscriptionCode.DROPPED, SubscriptionReason.JOURNAL_ERROR, ex.getMessage());
            return 0;
        }
        final long next = subscription.cursor.nextSequence();
        if (taken > 0 || !offerFailed)
        {
            subscription.stalledSinceNs = 0;
        }
        else if (subscription.stalledSinceNs == 0)
        {
            subscription.stalledSinceNs = nowNs;
        }
        else if (nowNs - subscription.stalledSinceNs > slowConsumerNs)
        {
            counters.subscriptionsDropped().increment();
            end(index, SubscriptionCode.DROPPED, SubscriptionReason.SLOW_CONSUMER, "took no event for " +
                slowConsumerNs / 1_000_000 + " ms: resubscribe from sequence " + next);
            return taken;
        }
        if (!subscription.caughtUp && next > subscription.catchUpTo)
        {
            subscription.caughtUp = egress.sendSubscriptionStatus(subscription.session,
                subscription.correlationId, SubscriptionCode.CAUGHT_UP, SubscriptionReason.NONE,
                subscription.catchUpTo, "");
        }
        return taken;
    }

    private boolean onFrame(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        if (CommandRecords.isRecord(buffer, offset, length))
        {
            // The engine's own entries are not the domain's events.
            return true;
        }
        final Subscription subscription = current;
        if (subscription.scope == SubscriptionScope.ALL)
        {
            return offer(subscription, sequence, timestamp, buffer, offset, length);
        }
        final int viewLength = audience.view(subscription.scope, subscription.session.clientId, subscription.key,
            sequence, buffer, offset, length, view, 0);
        if (viewLength == EventAudience.NOT_YET)
        {
            return false;
        }
        return viewLength == EventAudience.SKIP || offer(subscription, sequence, timestamp, view, 0, viewLength);
    }

    private boolean offer(
        final Subscription subscription, final long sequence, final long timestamp, final DirectBuffer buffer,
        final int offset, final int length)
    {
        if (egress.offerSubscriptionEvent(subscription.session, subscription.correlationId, sequence, timestamp,
            buffer, offset, length))
        {
            counters.subscriptionEvents().increment();
            return true;
        }
        offerFailed = true;
        return false;
    }

    /**
     * Stops a subscription; the entry stays until its subscriber has been told (a slow one may not be reading).
     */
    private void end(final int index, final SubscriptionCode code, final SubscriptionReason reason,
        final String detail)
    {
        final Subscription subscription = subscriptions.get(index);
        counters.subscriptionsOpen().decrement();
        CloseHelper.quietClose(subscription.cursor);
        subscription.endCode = code;
        subscription.endReason = reason;
        subscription.endDetail = detail;
        if (egress.offerSubscriptionStatus(subscription.session, subscription.correlationId, code, reason,
            subscription.cursor.nextSequence(), detail))
        {
            subscriptions.remove(index);
        }
    }

    /**
     * Tells every subscriber the server is closing, with the sequence to resubscribe from.
     */
    @Override
    public void close()
    {
        for (int i = subscriptions.size() - 1; i >= 0; i--)
        {
            if (subscriptions.get(i).endCode == null)
            {
                end(i, SubscriptionCode.DROPPED, SubscriptionReason.SERVER_CLOSING, "the server is closing");
            }
        }
        CloseHelper.quietClose(audience);
    }

    /**
     * One subscriber's place in the journal.
     */
    private static final class Subscription
    {
        final Session session;
        final long correlationId;
        final SubscriptionScope scope;
        final long key;
        final JournalCursor cursor;
        /** The head when it started: once past it, the subscription is live. */
        final long catchUpTo;
        boolean caughtUp;
        long stalledSinceNs;
        SubscriptionCode endCode;
        SubscriptionReason endReason;
        String endDetail;

        Subscription(
            final Session session,
            final long correlationId,
            final SubscriptionScope scope,
            final long key,
            final JournalCursor cursor,
            final long catchUpTo)
        {
            this.session = session;
            this.correlationId = correlationId;
            this.scope = scope;
            this.key = key;
            this.cursor = cursor;
            this.catchUpTo = catchUpTo;
        }
    }
}
