package io.sequent.engine.domain;

import org.agrona.DirectBuffer;

/**
 * What a domain says about its events so the engine can keep one stream per aggregate (an order, an account): which
 * aggregate an event belongs to, and at which version of it. The engine's {@code AggregateIndex} projection asks
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
    /**
     * Says which aggregate a current event (after upcasting) belongs to.
     *
     * @param event  buffer holding the event, from its SBE header.
     * @param offset where it starts.
     * @param length of the event.
     * @param into   receives the aggregate's type, id and the version the event carries.
     * @return false when the event belongs to no aggregate ({@code into} is then left as it was).
     */
    boolean identify(DirectBuffer event, int offset, int length, AggregateRef into);

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
