package io.sequent.engine.aggregate;

/**
 * Value of the {@link AggregateIndex}. For a frame entry: the journal sequence of a frame that holds an event of the
 * aggregate, and the aggregate's version in it. For the head entry (ordinal 0): the frames indexed
 * ({@link #getCount()}), the sequence and version of the last of them. A Chronicle Values interface.
 */
public interface AggregateEntry
{
    /** @return the journal sequence of the frame (of the last frame, for the head; of the checkpoint). */
    long getSequence();

    /** @param sequence the journal sequence of the frame. */
    void setSequence(long sequence);

    /** @return the aggregate's version in the frame (in its last frame, for the head). */
    long getVersion();

    /** @param version the aggregate's version in the frame. */
    void setVersion(long version);

    /** @return for the head, the frames indexed for the aggregate; 0 in frame entries. */
    long getCount();

    /** @param count for the head, the frames indexed for the aggregate. */
    void setCount(long count);
}
