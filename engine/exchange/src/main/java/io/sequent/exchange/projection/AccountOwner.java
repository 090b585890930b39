package io.sequent.exchange.projection;

/**
 * Value of the account projection: the client that owns an account (0 for none: opened before exchange schema
 * version 3), and the journal sequence of the event that opened it. A Chronicle Values interface (fixed size, no
 * serialisation).
 */
public interface AccountOwner
{
    /** @return the owning client, 0 for none. */
    long getOwner();

    /** @param owner the owning client, 0 for none. */
    void setOwner(long owner);

    /** @return sequence of the event that wrote this entry. */
    long getSequence();

    /** @param sequence of the event that wrote this entry. */
    void setSequence(long sequence);
}
