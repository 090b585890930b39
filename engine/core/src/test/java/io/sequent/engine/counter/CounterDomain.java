package io.sequent.engine.counter;

import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.EventAppender;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The smallest domain that is not the exchange: named counters that commands add to. It proves the engine runs a
 * domain it knows nothing of, and its commands exercise what the engine must get right whatever the domain: many
 * events for one command (past one event slot), a rejection, a domain that breaks the rules (claims an event after
 * rejecting, throws in {@code handle}), and an event that {@code apply} refuses (so recovery must say where).
 * <p>
 * Messages are SBE-framed by hand (an 8-byte header: block length, template, schema, version, then the block), so
 * the domain needs no generated code. Commands: {@link #ADD} {@code (counter, amount)}, {@link #BURST}
 * {@code (counter, events)} adding 1 with each of {@code events} events. An amount of 0 is rejected
 * {@link #ZERO_AMOUNT}; {@link #BREAK_RULES} {@code (mode)} misbehaves as its mode says. Event: {@link #ADDED}
 * {@code (counter, amount, total)}. An accepted {@link #ADD} answers with a {@link #TOTAL} result.
 */
public final class CounterDomain implements Domain<Long2LongHashMap>
{
    /** Schema id of the counter commands and events. */
    public static final int SCHEMA_ID = 901;
    /** Schema version. */
    public static final int SCHEMA_VERSION = 1;
    /** Template: add an amount to a counter. */
    public static final int ADD = 1;
    /** Template: add 1 to a counter with each of several events. */
    public static final int BURST = 2;
    /** Template: misbehave (see the modes). */
    public static final int BREAK_RULES = 3;
    /** Event template: a counter changed. */
    public static final int ADDED = 10;
    /** Result template of an accepted {@link #ADD}: the counter's new total. */
    public static final int TOTAL = 20;
    /** Bytes of a {@link #TOTAL} result, header included. */
    public static final int TOTAL_LENGTH = 8 + 8;
    /** Reject reason: the amount was 0. */
    public static final int ZERO_AMOUNT = 100;
    /** {@link #BREAK_RULES} mode: reject, then claim an event anyway. */
    public static final long CLAIM_AFTER_REJECT = 1;
    /** {@link #BREAK_RULES} mode: claim an event, then throw. */
    public static final long THROW_IN_HANDLE = 2;
    /** {@link #BREAK_RULES} mode: emit an event that {@code apply} throws on. */
    public static final long POISON_EVENT = 3;
    /** Bytes of the SBE header. */
    public static final int HEADER_LENGTH = 8;
    /** Bytes of an {@link #ADDED} event, header included. */
    public static final int ADDED_LENGTH = HEADER_LENGTH + 24;

    private static final long POISON_AMOUNT = Long.MIN_VALUE;

    private final boolean poisonOnApply;

    /**
     * A domain that applies everything it emits.
     */
    public CounterDomain()
    {
        this(true);
    }

    /**
     * @param poisonOnApply whether {@code apply} throws on the event {@link #POISON_EVENT} emits (its amount); a
     *                      domain built with false applies it as 0, so a journal holding one can be written.
     */
    public CounterDomain(final boolean poisonOnApply)
    {
        this.poisonOnApply = poisonOnApply;
    }

    @Override
    public int commandSchemaId()
    {
        return SCHEMA_ID;
    }

    @Override
    public int commandSchemaVersion()
    {
        return SCHEMA_VERSION;
    }

    @Override
    public int eventSchemaId()
    {
        return SCHEMA_ID;
    }

    @Override
    public int eventSchemaVersion()
    {
        return SCHEMA_VERSION;
    }

    @Override
    public Long2LongHashMap newState()
    {
        return new Long2LongHashMap(0);
    }

    @Override
    public void handle(
        final DirectBuffer command, final int offset, final int length, final Long2LongHashMap state,
        final EventAppender events)
    {
        final int template = command.getShort(offset + 2) & 0xFFFF;
        final int body = offset + HEADER_LENGTH;
        final long first = command.getLong(body);
        final long second = length >= HEADER_LENGTH + 16 ? command.getLong(body + 8) : 0;
        switch (template)
        {
            case ADD ->
            {
                if (second == 0)
                {
                    events.reject(ZERO_AMOUNT, first);
                    return;
                }
                final long total = state.get(first) + second;
                added(events, first, second, total);
                final int at = events.claimResult(TOTAL_LENGTH);
                header(events.resultBuffer(), at, TOTAL, 8);
                events.resultBuffer().putLong(at + HEADER_LENGTH, total);
            }
            case BURST ->
            {
                long total = state.get(first);
                for (long i = 0; i < second; i++)
                {
                    added(events, first, 1, ++total);
                }
            }
            case BREAK_RULES ->
            {
                if (first == CLAIM_AFTER_REJECT)
                {
                    events.reject(ZERO_AMOUNT);
                    added(events, 1, 1, 1);
                }
                else if (first == THROW_IN_HANDLE)
                {
                    added(events, 1, 1, state.get(1) + 1);
                    throw new IllegalStateException("the counter domain was told to throw");
                }
                else
                {
                    added(events, 1, POISON_AMOUNT, 0);
                }
            }
            default -> events.reject(io.sequent.codecs.RejectReason.UNKNOWN_COMMAND);
        }
    }

    private static void added(final EventAppender events, final long counter, final long amount, final long total)
    {
        final int at = events.claim(ADDED_LENGTH);
        final MutableDirectBuffer buffer = events.buffer();
        header(buffer, at, ADDED, 24);
        buffer.putLong(at + HEADER_LENGTH, counter);
        buffer.putLong(at + HEADER_LENGTH + 8, amount);
        buffer.putLong(at + HEADER_LENGTH + 16, total);
    }

    /**
     * Writes an SBE message header of this schema.
     *
     * @param buffer      to write to.
     * @param offset      where the header goes.
     * @param template    the message's template id.
     * @param blockLength the block's length.
     */
    public static void header(final MutableDirectBuffer buffer, final int offset, final int template,
        final int blockLength)
    {
        buffer.putShort(offset, (short)blockLength);
        buffer.putShort(offset + 2, (short)template);
        buffer.putShort(offset + 4, (short)SCHEMA_ID);
        buffer.putShort(offset + 6, (short)SCHEMA_VERSION);
    }

    @Override
    public void apply(final DirectBuffer event, final int offset, final int length, final Long2LongHashMap state)
    {
        final int body = offset + HEADER_LENGTH;
        final long amount = event.getLong(body + 8);
        if (amount == POISON_AMOUNT)
        {
            if (poisonOnApply)
            {
                throw new IllegalStateException("the counter domain cannot apply a poisoned event");
            }
            return;
        }
        state.put(event.getLong(body), event.getLong(body + 16));
    }

    @Override
    public long stateHash(final Long2LongHashMap state)
    {
        final long[] keys = new long[state.size()];
        int i = 0;
        for (final Long2LongHashMap.KeyIterator it = state.keySet().iterator(); it.hasNext(); )
        {
            keys[i++] = it.nextValue();
        }
        Arrays.sort(keys);
        long hash = 17;
        for (final long key : keys)
        {
            hash = hash * 31 + key;
            hash = hash * 31 + state.get(key);
        }
        return hash;
    }

    @Override
    public void writeSnapshot(final Long2LongHashMap state, final DataOutput out) throws IOException
    {
        out.writeInt(state.size());
        for (final Long2LongHashMap.EntryIterator it = state.entrySet().iterator(); it.hasNext(); )
        {
            it.next();
            out.writeLong(it.getLongKey());
            out.writeLong(it.getLongValue());
        }
    }

    @Override
    public Long2LongHashMap readSnapshot(final DataInput in) throws IOException
    {
        final Long2LongHashMap state = newState();
        for (int i = 0, n = in.readInt(); i < n; i++)
        {
            state.put(in.readLong(), in.readLong());
        }
        return state;
    }
}
