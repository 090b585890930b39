package io.sequent.engine.counter;

import org.agrona.MutableDirectBuffer;

/**
 * Encodes the {@link CounterDomain}'s commands.
 */
public final class CounterCommands
{
    private CounterCommands()
    {
    }

    /**
     * @return the command's length.
     */
    public static int add(final MutableDirectBuffer buffer, final int offset, final long counter, final long amount)
    {
        return encode(buffer, offset, CounterDomain.ADD, counter, amount);
    }

    /**
     * @return the command's length.
     */
    public static int burst(final MutableDirectBuffer buffer, final int offset, final long counter, final long events)
    {
        return encode(buffer, offset, CounterDomain.BURST, counter, events);
    }

    /**
     * @param mode one of the {@code CounterDomain} modes: claim after reject, throw in handle, poison event.
     * @return the command's length.
     */
    public static int breakRules(final MutableDirectBuffer buffer, final int offset, final long mode)
    {
        return encode(buffer, offset, CounterDomain.BREAK_RULES, mode, 0);
    }

    private static int encode(
        final MutableDirectBuffer buffer, final int offset, final int template, final long first, final long second)
    {
        CounterDomain.header(buffer, offset, template, 16);
        buffer.putLong(offset + CounterDomain.HEADER_LENGTH, first);
        buffer.putLong(offset + CounterDomain.HEADER_LENGTH + 8, second);
        return CounterDomain.HEADER_LENGTH + 16;
    }
}
