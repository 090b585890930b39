package io.sequent.bench;

import io.sequent.client.ResponseListener;

/**
 * A client's one response listener, pointed at whichever load runs now (a client takes its listener at connect).
 */
public final class ForwardingListener implements ResponseListener
{
    private ResponseListener target;

    /**
     * @param target receives the responses from now on.
     */
    public void target(final ResponseListener target)
    {
        this.target = target;
    }

    @Override
    public void onResponse(
        final long correlationId,
        final long sequence,
        final long timestamp,
        final int reason,
        final long detail,
        final boolean duplicate)
    {
        target.onResponse(correlationId, sequence, timestamp, reason, detail, duplicate);
    }
}
