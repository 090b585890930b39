package io.sequent.engine.projection;

/**
 * A test projection's value: a running total and the sequence that last changed it. A Chronicle Values interface.
 */
public interface CounterValue
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
