package io.sequent.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.sequent.client.ResponseListener;
import io.sequent.client.SequentClientException;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client of the {@link EchoResponder}: sends the same bytes a {@code SequentClient} would (a header of the same
 * length as the session header, then the command) and hears them back, so the echo's round trip is the transport's
 * share of the engine's. Not thread-safe: one thread sends and polls.
 */
public final class EchoClient implements FixedRateLoad.Transport, FragmentHandler, AutoCloseable
{
    private static final int FRAGMENT_LIMIT = 64;

    private final Subscription replies;
    private final ExclusivePublication publication;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final UnsafeBuffer header = new UnsafeBuffer(BufferUtil.allocateDirectAligned(64, 64));
    private final int headerLength;
    private final int clientIndex;
    private ResponseListener listener;
    private long nextCorrelationId = 1;

    /**
     * Subscribes for replies, registers with the responder and waits until both directions are connected.
     *
     * @param aeron         client of the responder's driver.
     * @param responder     the echo.
     * @param replyChannel  where to listen: {@code aeron:ipc} or {@code aeron:udp?endpoint=localhost:0}.
     * @param replyStreamId this client's own stream id.
     * @param headerLength  bytes sent ahead of each command: the length of the session protocol's command header,
     *                      so messages have the engine's size (at least 12).
     */
    public EchoClient(
        final Aeron aeron,
        final EchoResponder responder,
        final String replyChannel,
        final int replyStreamId,
        final int headerLength)
    {
        if (headerLength < EchoResponder.CLIENT_INDEX_OFFSET + Integer.BYTES)
        {
            throw new IllegalArgumentException("an echo header needs 12 bytes at least: " + headerLength);
        }
        this.headerLength = headerLength;
        this.replies = aeron.addSubscription(replyChannel, replyStreamId);
        final String channel = replyChannel.startsWith("aeron:udp") ? awaitPort(replies) : replyChannel;
        this.clientIndex = responder.addClient(channel, replyStreamId);
        this.publication = aeron.addExclusivePublication(responder.channel(), responder.streamId());
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!publication.isConnected() || !replies.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                CloseHelper.quietCloseAll(publication, replies);
                throw new SequentClientException("the echo did not connect within 10 s");
            }
            Thread.yield();
        }
    }

    private static String awaitPort(final Subscription subscription)
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        String resolved;
        while ((resolved = subscription.tryResolveChannelEndpointPort()) == null)
        {
            if (System.nanoTime() > deadline)
            {
                throw new SequentClientException("the echo reply subscription did not bind within 5 s");
            }
            Thread.yield();
        }
        return resolved;
    }

    /**
     * @param listener receives each echo as a response (accepted, sequence 0).
     */
    public void listener(final ResponseListener listener)
    {
        this.listener = listener;
    }

    @Override
    public long nextCorrelationId()
    {
        return nextCorrelationId++;
    }

    @Override
    public long offer(final long correlationId, final DirectBuffer buffer, final int offset, final int length)
    {
        header.putLong(0, correlationId);
        header.putInt(EchoResponder.CLIENT_INDEX_OFFSET, clientIndex);
        return publication.offer(header, 0, headerLength, buffer, offset, length);
    }

    @Override
    public int poll()
    {
        return replies.poll(assembler, FRAGMENT_LIMIT);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        listener.onResponse(buffer.getLong(offset), 0, 0, 0, 0, false);
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publication, replies);
    }
}
