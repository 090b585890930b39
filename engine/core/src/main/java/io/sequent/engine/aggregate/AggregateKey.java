package io.sequent.engine.aggregate;

/**
 * Key of the {@link AggregateIndex}: an aggregate (type and id) and an ordinal in its stream, 0 for the aggregate's
 * head entry, 1 and up for its indexed journal frames. A Chronicle Values interface (fixed size, no serialisation).
 */
public interface AggregateKey
{
    /** @return the aggregate's type code (0 only in the checkpoint's key). */
    int getType();

    /** @param type the aggregate's type code. */
    void setType(int type);

    /** @return the aggregate's id within its type. */
    long getId();

    /** @param id the aggregate's id within its type. */
    void setId(long id);

    /** @return 0 for the head, else the frame's place in the aggregate's stream, from 1. */
    long getOrdinal();

    /** @param ordinal 0 for the head, else the frame's place in the aggregate's stream, from 1. */
    void setOrdinal(long ordinal);
}
