package io.sequent.cluster;

/**
 * What a cluster session's principal holds: the authenticated client id, 8 bytes little-endian, as the
 * {@link HmacAuthenticator} sets it and the service reads it for the dedup ledger and the domain's ownership rules.
 */
public final class ClusterPrincipal
{
    private ClusterPrincipal()
    {
    }

    /**
     * @param clientId the client.
     * @return its encoding.
     */
    public static byte[] encode(final long clientId)
    {
        final byte[] bytes = new byte[Long.BYTES];
        for (int i = 0; i < Long.BYTES; i++)
        {
            bytes[i] = (byte)(clientId >>> (8 * i));
        }
        return bytes;
    }

    /**
     * @param principal at least 8 bytes.
     * @return the client id they hold.
     */
    public static long clientId(final byte[] principal)
    {
        long clientId = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            clientId |= (principal[i] & 0xFFL) << (8 * i);
        }
        return clientId;
    }
}
