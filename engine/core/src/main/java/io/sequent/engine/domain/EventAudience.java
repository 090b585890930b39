package io.sequent.engine.domain;

import io.sequent.codecs.session.SubscriptionScope;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Who may see which of a domain's events in a subscription, and in what form: the domain's side of the gateway's
 * subscriptions. {@link SubscriptionScope#ALL} is every event as journaled (for clients with the read role) and never
 * asks the audience; {@link SubscriptionScope#OWN} is the events of a client's own aggregates (its execution reports)
 * and {@link SubscriptionScope#MARKET} the domain's public view of its events (market data, without who traded):
 * the audience decides both, event by event.
 * <p>
 * Called on the gateway's thread only, for the events of every subscription in journal order per subscription (two
 * subscriptions may be at different sequences). It may read the domain's projections (open readers of them), and
 * must not allocate per event.
 */
public interface EventAudience extends AutoCloseable
{
    /** {@link #view} result: the subscriber does not see this event. */
    int SKIP = 0;
    /** {@link #view} result: the audience cannot tell yet (its read models are behind this sequence): ask again. */
    int NOT_YET = -1;

    /**
     * @param scope OWN or MARKET.
     * @return whether this domain serves the scope.
     */
    boolean supports(SubscriptionScope scope);

    /**
     * Decides what one subscriber sees of one event.
     *
     * @param scope      OWN or MARKET.
     * @param clientId   the subscriber's authenticated client id.
     * @param key        the subscription's filter within the scope (e.g. an instrument), 0 for all.
     * @param sequence   the event's journal sequence.
     * @param event      holding the event, starting with its SBE header.
     * @param offset     where it starts.
     * @param length     its length.
     * @param view       where to write what the subscriber sees: the event itself, or its public form (an SBE
     *                   message of the domain's event schema).
     * @param viewOffset where to write it.
     * @return the length written to {@code view}, {@link #SKIP} or {@link #NOT_YET}.
     */
    int view(
        SubscriptionScope scope,
        long clientId,
        long key,
        long sequence,
        DirectBuffer event,
        int offset,
        int length,
        MutableDirectBuffer view,
        int viewOffset);

    /**
     * Releases the readers behind the audience.
     */
    @Override
    void close();
}
