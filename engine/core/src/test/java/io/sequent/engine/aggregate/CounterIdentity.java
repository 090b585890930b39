package io.sequent.engine.aggregate;

import io.sequent.engine.counter.CounterDomain;
import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import org.agrona.DirectBuffer;

/**
 * The counter domain's aggregates: each counter is one, of type {@code counter}, without versions (the index
 * numbers its events); and every event also belongs to the one aggregate {@code all:1}, so an event has two.
 */
final class CounterIdentity implements AggregateIdentity
{
    static final int COUNTER = 1;
    static final int ALL = 2;

    @Override
    public int identify(final DirectBuffer event, final int offset, final int length, final AggregateRef[] into)
    {
        if ((event.getShort(offset + 2) & 0xFFFF) != CounterDomain.ADDED)
        {
            return 0;
        }
        into[0].set(COUNTER, event.getLong(offset + CounterDomain.HEADER_LENGTH), 0);
        into[1].set(ALL, 1, 0);
        return 2;
    }

    @Override
    public String typeName(final int type)
    {
        return type == COUNTER ? "counter" : type == ALL ? "all" : null;
    }

    @Override
    public int typeCode(final String name)
    {
        return "counter".equals(name) ? COUNTER : "all".equals(name) ? ALL : 0;
    }
}
