package io.sequent.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

/**
 * An Aeron Cluster service that only echoes each message back to its session: the baseline {@code sequent bench
 * --cluster} measures Sequent against (the same consensus, log and egress, no engine).
 */
public final class EchoClusteredService implements ClusteredService
{
    private static final int SEND_ATTEMPTS = 10_000;

    private Cluster cluster;
    private volatile Cluster.Role role;

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        role = cluster.role();
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++)
        {
            final long result = session.offer(buffer, offset, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER || result == Publication.NOT_CONNECTED ||
                result == Publication.CLOSED)
            {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
        role = newRole;
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
    }

    /**
     * @return the role as last heard, null before start.
     */
    public Cluster.Role role()
    {
        return role;
    }
}
