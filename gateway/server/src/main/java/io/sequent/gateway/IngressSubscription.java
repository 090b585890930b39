package io.sequent.gateway;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;

import java.util.concurrent.TimeUnit;

/**
 * Opens the subscription clients send to and learns the channel they must be told: with a UDP endpoint of port 0
 * the OS picks the port, and only the driver knows which once it has bound.
 */
final class IngressSubscription
{
    /** Far longer than a driver takes to bind a port, even on a busy machine. */
    static final long BIND_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private IngressSubscription()
    {
    }

    /**
     * @param aeron    the server's client.
     * @param channel  the configured ingress channel.
     * @param streamId the ingress stream.
     * @return the subscription.
     * @throws IllegalStateException saying what to do when the driver cannot open it (a port in use, most often).
     */
    static Subscription open(final Aeron aeron, final String channel, final int streamId)
    {
        try
        {
            return aeron.addSubscription(channel, streamId);
        }
        catch (final AeronException ex)
        {
            throw new IllegalStateException("cannot open the ingress " + channel + " stream " + streamId + ": " +
                ex.getMessage() + ". If the port is in use, stop the other server or choose another port with " +
                "--ingress (property " + ServerConfiguration.INGRESS_CHANNEL_PROP_NAME + ")", ex);
        }
    }

    /**
     * Waits for the driver to bind a UDP ingress, so clients can be told the port it chose.
     *
     * @param ingress the open subscription.
     * @param channel as configured.
     * @return the channel with its bound port; the configured one when it is not UDP.
     * @throws IllegalStateException when the driver does not bind it within {@link #BIND_TIMEOUT_NS}.
     */
    static String resolvedChannel(final Subscription ingress, final String channel)
    {
        if (!channel.startsWith("aeron:udp"))
        {
            return channel;
        }
        final long deadline = System.nanoTime() + BIND_TIMEOUT_NS;
        String resolved;
        while ((resolved = ingress.tryResolveChannelEndpointPort()) == null)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the ingress " + channel + " did not bind within " +
                    TimeUnit.NANOSECONDS.toSeconds(BIND_TIMEOUT_NS) + " s");
            }
            Thread.yield();
        }
        return resolved;
    }
}
