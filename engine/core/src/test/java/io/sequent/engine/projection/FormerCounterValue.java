package io.sequent.engine.projection;

/**
 * {@link CounterValue} as it was named before a rename: the same fields, so the same bytes in the map.
 */
public interface FormerCounterValue
{
    /** @return the total. */
    long getTotal();

    /** @param total the total. */
    void setTotal(long total);

    /** @return sequence of the last event applied to this entry. */
    long getSequence();

    /** @param sequence of the last event applied to this entry. */
    void setSequence(long sequence);
}
