package io.sequent.exchange.projection;

/**
 * Value of the balance projection: the balances, and the journal sequence of the last event applied to them, so an
 * event replayed after a crash is recognised and not applied twice. A Chronicle Values interface.
 */
public interface BalanceValue
{
    /** @return available balance. */
    long getAvailable();

    /** @param available available balance. */
    void setAvailable(long available);

    /** @return reserved balance. */
    long getReserved();

    /** @param reserved reserved balance. */
    void setReserved(long reserved);

    /** @return sequence of the last event applied to this entry. */
    long getSequence();

    /** @param sequence of the last event applied to this entry. */
    void setSequence(long sequence);
}
