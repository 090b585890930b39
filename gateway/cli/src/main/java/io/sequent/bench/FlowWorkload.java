package io.sequent.bench;

import io.sequent.exchange.flow.OrderFlowGenerator;
import org.agrona.MutableDirectBuffer;

/**
 * A generated exchange order flow as a {@link FixedRateLoad.Source}: its setup (instruments, accounts, deposits)
 * unpaced, its orders, cancels and amends at the fixed rate.
 */
public final class FlowWorkload implements FixedRateLoad.Source
{
    private final OrderFlowGenerator.Flow flow;

    /**
     * @param flow the commands.
     */
    public FlowWorkload(final OrderFlowGenerator.Flow flow)
    {
        this.flow = flow;
    }

    @Override
    public int count()
    {
        return flow.count();
    }

    @Override
    public int setupCount()
    {
        return flow.setupCount();
    }

    @Override
    public int encode(final int index, final MutableDirectBuffer into)
    {
        into.putBytes(0, flow.buffer(), flow.offset(index), flow.length(index));
        return flow.length(index);
    }

    @Override
    public void onOutcome(final int index, final long sequence, final int reason)
    {
        // Rejections are counted by the load; the flow keeps no ledger of its own.
    }
}
