package io.sequent.bench;

import io.sequent.exchange.flow.OrderFlowGenerator;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * One client's share of a generated order flow when several clients send it. The engine lets only an account's
 * owner, the client that opened it, act on it, so the flow is split by account: account {@code a} belongs to client
 * {@code a mod n}, which opens it, funds it and sends every command of the flow that names it, in the flow's order;
 * client 0 also lists the instruments. The setup ({@link #setup}) is sent first, client by client; then the paced
 * commands ({@link #paced}): each is due at its place in the whole flow ({@link #dueSlot}), so the clients together,
 * each load paced at the whole flow's rate and all started at once, send the flow in its order and at its rate.
 */
public final class FlowSlice implements FixedRateLoad.Source
{
    private final OrderFlowGenerator.Flow flow;
    private final int[] commands;
    private final int setupCount;

    private FlowSlice(final OrderFlowGenerator.Flow flow, final int[] commands, final int setupCount)
    {
        this.flow = flow;
        this.commands = commands;
        this.setupCount = setupCount;
    }

    /**
     * @param flow the commands.
     * @return the flow's whole setup (instruments, accounts, deposits), all unpaced: for one client.
     */
    public static FlowSlice setup(final OrderFlowGenerator.Flow flow)
    {
        return setup(flow, 0, 1);
    }

    /**
     * @param flow    the commands.
     * @param client  k, in [0, clients).
     * @param clients n.
     * @return client k's share of the flow's setup, all unpaced: its accounts opened and funded, and for client 0
     *         the instruments.
     */
    public static FlowSlice setup(final OrderFlowGenerator.Flow flow, final int client, final int clients)
    {
        final int[] commands = select(flow, 0, flow.setupCount(), client, clients);
        return new FlowSlice(flow, commands, commands.length);
    }

    /**
     * @param flow    the commands.
     * @param client  k, in [0, clients).
     * @param clients n.
     * @return client k's share of the flow's paced commands: those on its accounts.
     */
    public static FlowSlice paced(final OrderFlowGenerator.Flow flow, final int client, final int clients)
    {
        return new FlowSlice(flow, select(flow, flow.setupCount(), flow.count(), client, clients), 0);
    }

    /**
     * @param account an account the flow names, or 0 for none (an instrument).
     * @param clients n.
     * @return the client that owns the account: opens it and sends its commands.
     */
    public static int owner(final long account, final int clients)
    {
        return (int)Math.floorMod(account, (long)clients);
    }

    private static int[] select(
        final OrderFlowGenerator.Flow flow, final int from, final int to, final int client, final int clients)
    {
        if (client < 0 || client >= clients)
        {
            throw new IllegalArgumentException("client " + client + " of " + clients);
        }
        int count = 0;
        final int[] selected = new int[to - from];
        for (int i = from; i < to; i++)
        {
            if (owner(flow.accountId(i), clients) == client)
            {
                selected[count++] = i;
            }
        }
        return Arrays.copyOf(selected, count);
    }

    @Override
    public int count()
    {
        return commands.length;
    }

    @Override
    public int setupCount()
    {
        return setupCount;
    }

    @Override
    public int encode(final int index, final MutableDirectBuffer into)
    {
        final int command = commands[index];
        into.putBytes(0, flow.buffer(), flow.offset(command), flow.length(command));
        return flow.length(command);
    }

    /**
     * @return the command's place among the whole flow's paced commands.
     */
    @Override
    public long dueSlot(final int index)
    {
        return commands[index] - flow.setupCount();
    }

    @Override
    public void onOutcome(final int index, final long sequence, final int reason)
    {
        // Rejections are counted by the load.
    }
}
