package io.sequent.client.exchange;

import io.sequent.codecs.session.SubscriptionCode;
import io.sequent.codecs.session.SubscriptionReason;

/**
 * Receives the client's execution reports ({@link ExchangeClient#executionReports}), in journal order, on the thread
 * that calls {@link ExchangeClient#poll()}. The report is reused: read it during the call, copy what must outlive it.
 */
@FunctionalInterface
public interface ExecutionReportListener
{
    /**
     * @param report what happened to one of the client's orders; valid during the call only.
     */
    void onExecutionReport(ExecutionReport report);

    /**
     * What became of the subscription underneath, as {@link io.sequent.client.SubscriptionListener#onStatus} tells
     * it: REFUSED with its reason when the first sequence is beyond the journal's head or older than what it keeps,
     * CAUGHT_UP when the reports are live. By default ignored.
     *
     * @param code     what happened.
     * @param reason   why, for REFUSED and DROPPED.
     * @param position the sequence the code speaks of.
     * @param detail   what a person reads.
     */
    default void onStatus(
        final SubscriptionCode code, final SubscriptionReason reason, final long position, final String detail)
    {
    }
}
