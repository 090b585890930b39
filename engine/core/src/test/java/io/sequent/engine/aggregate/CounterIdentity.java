package io.sequent.engine.aggregate;

import io.sequent.engine.counter.CounterDomain;
import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import org.agrona.DirectBuffer;

/**
 * The counter domain's aggregates: each counter is one, of type {@code counter}, without versions (the index
 * numbers its events).
 */
final class CounterIdentity implements AggregateIdentity
{
    static final int COUNTER = 1;

    @Override
    public boolean identify(final DirectBuffer event, final int offset, final int length, final AggregateRef into)
    {
        if ((event.getShort(offset + 2) & 0xFFFF) != CounterDomain.ADDED)
        {
            return false;
        }
        into.set(COUNTER, event.getLong(offset + CounterDomain.HEADER_LENGTH), 0);
        return true;
    }

    @Override
    public String typeName(final int type)
    {
        return type == COUNTER ? "counter" : null;
    }

    @Override
    public int typeCode(final String name)
    {
        return "counter".equals(name) ? COUNTER : 0;
    }
}
