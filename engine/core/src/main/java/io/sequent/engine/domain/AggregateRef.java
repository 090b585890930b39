package io.sequent.engine.domain;

/**
 * One aggregate and a version of it, as {@link AggregateIdentity#identify} reports them for an event: a mutable
 * holder ({@link AggregateIdentity#newRefs()}), reused for every event so that identifying allocates nothing.
 */
public final class AggregateRef
{
    private int type;
    private long id;
    private long version;

    /**
     * @param type    the aggregate's type code, 1 or more.
     * @param id      the aggregate's id within its type, 1 or more.
     * @param version the version the event carries, 0 when the domain has none.
     * @return this.
     */
    public AggregateRef set(final int type, final long id, final long version)
    {
        this.type = type;
        this.id = id;
        this.version = version;
        return this;
    }

    /**
     * @return the aggregate's type code.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the aggregate's id within its type.
     */
    public long id()
    {
        return id;
    }

    /**
     * @return the version the event carries, 0 when the domain has none.
     */
    public long version()
    {
        return version;
    }

    /**
     * @param type a type code.
     * @param id   an id.
     * @return whether this names that aggregate.
     */
    public boolean is(final int type, final long id)
    {
        return this.type == type && this.id == id;
    }

    @Override
    public String toString()
    {
        return type + ":" + id + "@" + version;
    }
}
