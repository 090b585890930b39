package io.sequent.engine.projection;

import net.openhft.chronicle.core.values.LongValue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.file.Path;

/**
 * The smallest projection on the base, for its tests: an event is a counter id and an amount (two longs), the
 * projection keeps a total per counter, each entry stamped with the sequence that last changed it. With
 * {@code deferred}, totals are kept back until the batch ends, as a projection that writes once per batch does.
 */
final class CounterProjection extends ChronicleProjection<LongValue, CounterValue>
{
    static final int EVENT_LENGTH = 2 * Long.BYTES;
    static final long CHECKPOINT = 0;

    static final ProjectionLayout<LongValue, CounterValue> LAYOUT = ProjectionLayout
        .of("counter", LongValue.class, CounterValue.class)
        .checkpointKey(key -> key.setValue(CHECKPOINT))
        .sequence(CounterValue::getSequence, CounterValue::setSequence);

    private final LongValue key = newKey();
    private final CounterValue value = newValue();
    private final boolean deferred;
    private long deferredCounter = -1;
    private long deferredAmount;

    CounterProjection(
        final ProjectionLayout<LongValue, CounterValue> layout,
        final Path file,
        final Access access,
        final boolean deferred)
    {
        super(layout, file, access, 1_000);
        this.deferred = deferred;
    }

    static CounterProjection writer(final Path file)
    {
        return new CounterProjection(LAYOUT, file, Access.WRITER, false);
    }

    static CounterProjection reader(final Path file)
    {
        return new CounterProjection(LAYOUT, file, Access.READER, false);
    }

    static int encode(final MutableDirectBuffer buffer, final long counter, final long amount)
    {
        buffer.putLong(0, counter);
        buffer.putLong(Long.BYTES, amount);
        return EVENT_LENGTH;
    }

    @Override
    protected void apply(
        final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        final long counter = buffer.getLong(offset);
        final long amount = buffer.getLong(offset + Long.BYTES);
        if (deferred)
        {
            deferredCounter = counter;
            deferredAmount += amount;
            return;
        }
        add(counter, amount, sequence);
    }

    @Override
    protected void flushBatch(final long position)
    {
        if (deferredCounter >= 0)
        {
            add(deferredCounter, deferredAmount, position);
            deferredCounter = -1;
            deferredAmount = 0;
        }
    }

    private void add(final long counter, final long amount, final long sequence)
    {
        key.setValue(counter);
        if (map().getUsing(key, value) == null)
        {
            value.setTotal(0);
            value.setSequence(0);
        }
        if (value.getSequence() < sequence) // replayed after a crash ahead of the checkpoint: already counted
        {
            value.setTotal(value.getTotal() + amount);
            value.setSequence(sequence);
            map().put(key, value);
        }
    }

    long total(final long counter)
    {
        key.setValue(counter);
        return counter == CHECKPOINT || map().getUsing(key, value) == null ? 0 : value.getTotal();
    }
}
