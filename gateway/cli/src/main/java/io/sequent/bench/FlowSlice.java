package io.sequent.bench;

import io.sequent.exchange.flow.OrderFlowGenerator;
import org.agrona.MutableDirectBuffer;

/**
 * One client's share of a generated order flow when several clients send it: client k of n sends the paced
 * commands k, k + n, k + 2n... of the flow, each at its due time in the whole flow (the load starts client k one
 * whole-flow interval after client k - 1), so together they send the flow in its order and at its rate. The
 * flow's setup is sent once beforehand, by {@link #setup}.
 */
public final class FlowSlice implements FixedRateLoad.Source
{
    private final OrderFlowGenerator.Flow flow;
    private final int first;
    private final int stride;
    private final int count;
    private final int setupCount;

    private FlowSlice(
        final OrderFlowGenerator.Flow flow, final int first, final int stride, final int count, final int setupCount)
    {
        this.flow = flow;
        this.first = first;
        this.stride = stride;
        this.count = count;
        this.setupCount = setupCount;
    }

    /**
     * @param flow the commands.
     * @return the flow's setup (instruments, accounts, deposits), all unpaced.
     */
    public static FlowSlice setup(final OrderFlowGenerator.Flow flow)
    {
        return new FlowSlice(flow, 0, 1, flow.setupCount(), flow.setupCount());
    }

    /**
     * @param flow    the commands.
     * @param client  k, in [0, clients).
     * @param clients n.
     * @return client k's share of the flow's paced commands.
     */
    public static FlowSlice paced(final OrderFlowGenerator.Flow flow, final int client, final int clients)
    {
        if (client < 0 || client >= clients)
        {
            throw new IllegalArgumentException("client " + client + " of " + clients);
        }
        final int paced = flow.count() - flow.setupCount();
        final int count = paced <= client ? 0 : (paced - client + clients - 1) / clients;
        return new FlowSlice(flow, flow.setupCount() + client, clients, count, 0);
    }

    @Override
    public int count()
    {
        return count;
    }

    @Override
    public int setupCount()
    {
        return setupCount;
    }

    @Override
    public int encode(final int index, final MutableDirectBuffer into)
    {
        final int command = first + index * stride;
        into.putBytes(0, flow.buffer(), flow.offset(command), flow.length(command));
        return flow.length(command);
    }

    @Override
    public void onOutcome(final int index, final long sequence, final int reason)
    {
        // Rejections are counted by the load.
    }
}
