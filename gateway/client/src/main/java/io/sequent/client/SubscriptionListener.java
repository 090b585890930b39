package io.sequent.client;

import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;
import org.agrona.DirectBuffer;

/**
 * Receives the events of a subscription ({@link SequentClient#subscribe}), in journal order, on the thread that calls
 * {@link SequentClient#poll()}. Across reconnects, server restarts and slow-consumer drops the client resubscribes
 * from the sequence after the last event delivered, so each event arrives exactly once and none is skipped.
 */
@FunctionalInterface
public interface SubscriptionListener
{
    /**
     * One event. Zero-allocation: the buffer is valid during the call only.
     *
     * @param subscriptionId the id {@link SequentClient#subscribe} returned.
     * @param sequence       the event's journal sequence.
     * @param timestamp      its command's sequencer time, epoch nanoseconds.
     * @param event          holding the domain's event message (its SBE header and body).
     * @param offset         where it starts.
     * @param length         its length.
     */
    void onEvent(long subscriptionId, long sequence, long timestamp, DirectBuffer event, int offset, int length);

    /**
     * What became of the subscription: STARTED (from {@code position}), CAUGHT_UP (every event up to
     * {@code position} delivered; live from here), REFUSED or ENDED (it is over), DROPPED (by the server; the client
     * resubscribes from {@code position} by itself unless the reason is permanent). By default ignored.
     *
     * @param subscriptionId the id {@link SequentClient#subscribe} returned.
     * @param code           what happened.
     * @param reason         why, for REFUSED and DROPPED.
     * @param position       the sequence the code speaks of.
     * @param detail         what a person reads.
     */
    default void onStatus(
        final long subscriptionId,
        final SubscriptionCode code,
        final SubscriptionReason reason,
        final long position,
        final String detail)
    {
    }
}
