package io.sequent.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;

import java.util.ArrayList;
import java.util.List;

/**
 * The transport alone, for comparison: takes each message off its subscription and sends the same bytes back to
 * the client that sent it, with no engine between. One thread, like the gateway agent; a message it cannot send
 * now is left on the subscription for the next duty cycle, like the gateway's back-pressure.
 * <p>
 * A message starts with the correlation id (8 bytes) and the client's index (4 bytes, see {@link EchoClient}).
 */
public final class EchoResponder implements Agent, ControlledFragmentHandler
{
    /** Offset of the client index in a message. */
    static final int CLIENT_INDEX_OFFSET = 8;

    private static final int FRAGMENT_LIMIT = 64;

    private final Aeron aeron;
    private final Subscription subscription;
    private final List<ExclusivePublication> clients = new ArrayList<>();
    private volatile ExclusivePublication[] replies = new ExclusivePublication[0];

    /**
     * @param aeron     client of the driver the responder uses.
     * @param channel   where it listens: {@code aeron:ipc} or {@code aeron:udp?endpoint=localhost:0}.
     * @param streamId  of the subscription.
     */
    public EchoResponder(final Aeron aeron, final String channel, final int streamId)
    {
        this.aeron = aeron;
        this.subscription = aeron.addSubscription(channel, streamId);
    }

    /**
     * @return the channel clients send to, with the port the OS chose.
     */
    public String channel()
    {
        if (!subscription.channel().startsWith("aeron:udp"))
        {
            return subscription.channel();
        }
        final long deadline = System.nanoTime() + 5_000_000_000L;
        String resolved;
        while ((resolved = subscription.tryResolveChannelEndpointPort()) == null)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the echo subscription did not bind within 5 s");
            }
            Thread.yield();
        }
        return resolved;
    }

    /**
     * @return the subscription's stream id.
     */
    public int streamId()
    {
        return subscription.streamId();
    }

    /**
     * Adds a client's reply publication; call before the client sends.
     *
     * @param channel  where the client listens.
     * @param streamId of the client's subscription.
     * @return the client's index, to put in its messages.
     */
    public synchronized int addClient(final String channel, final int streamId)
    {
        clients.add(aeron.addExclusivePublication(channel, streamId));
        replies = clients.toArray(new ExclusivePublication[0]);
        return clients.size() - 1;
    }

    @Override
    public String roleName()
    {
        return "sequent-echo";
    }

    @Override
    public int doWork()
    {
        return subscription.controlledPoll(this, FRAGMENT_LIMIT);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < CLIENT_INDEX_OFFSET + Integer.BYTES)
        {
            return Action.CONTINUE;
        }
        final ExclusivePublication[] replies = this.replies;
        final int client = buffer.getInt(offset + CLIENT_INDEX_OFFSET);
        if (client < 0 || client >= replies.length)
        {
            return Action.CONTINUE;
        }
        final long result = replies[client].offer(buffer, offset, length);
        if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION ||
            result == Publication.NOT_CONNECTED)
        {
            return Action.ABORT;
        }
        return Action.CONTINUE;
    }

    @Override
    public void onClose()
    {
        CloseHelper.quietCloseAll(clients);
        CloseHelper.quietClose(subscription);
    }
}
