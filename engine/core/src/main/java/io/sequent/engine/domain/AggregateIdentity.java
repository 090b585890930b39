package io.sequent.engine.domain;

import org.agrona.DirectBuffer;

/**
 * What a domain says about its events so the engine can keep one stream per aggregate (an order, an account): which
 * aggregates an event belongs to, and at which version of each. The engine's {@code AggregateIndex} projection asks
 * this of every event to index {@code aggregate -> journal sequences}, and {@code AggregateStream} asks it again to
 * pick an aggregate's events out of the frames it reads, so one aggregate's history is read in order without a scan
 * of the whole journal ({@code sequent journal inspect DIR --aggregate order:42}, a domain's "events of X from
 * version N" query).
 * <p>
 * Aggregates have a type (a small positive code with a name, such as 1 for {@code order}) and a positive id within
 * it. A version is the aggregate's own counter: it never decreases along the aggregate's stream, and several events
 * may share one (the events of one command). A domain without versions reports 0, and the index then numbers the
 * aggregate's events 1, 2, 3... itself.
 * <p>
 * Given by {@link DomainModule#newAggregateIdentity()}; an instance belongs to one thread (it may keep flyweights)
 * and must not allocate per event.
 */
public interface AggregateIdentity
{
    /** The most aggregates one event may belong to (a trade, say, settles two accounts and two orders). */
    int MAX_AGGREGATES = 4;

    /**
     * Says which aggregates a current event (after upcasting) belongs to: usually one, several for an event that
     * changes several (each is then indexed in each one's stream).
     *
     * @param event  buffer holding the event, from its SBE header.
     * @param offset where it starts.
     * @param length of the event.
     * @param into   {@link #MAX_AGGREGATES} holders ({@link #newRefs()}), filled from the first: each aggregate's
     *               type, id and the version of it the event carries.
     * @return how many were filled; 0 when the event belongs to no aggregate.
     */
    int identify(DirectBuffer event, int offset, int length, AggregateRef[] into);

    /**
     * @return holders for {@link #identify}, to reuse.
     */
    static AggregateRef[] newRefs()
    {
        final AggregateRef[] refs = new AggregateRef[MAX_AGGREGATES];
        for (int i = 0; i < refs.length; i++)
        {
            refs[i] = new AggregateRef();
        }
        return refs;
    }

    /**
     * @param type an aggregate type code this domain uses.
     * @return its name, lower case (as in {@code order:42}), or null for a code the domain does not use.
     */
    String typeName(int type);

    /**
     * @param name an aggregate type's name.
     * @return its code (1 or more), or 0 when the domain has no such type.
     */
    int typeCode(String name);
}
