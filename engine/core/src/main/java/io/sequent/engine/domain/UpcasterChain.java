package io.sequent.engine.domain;

import io.sequent.journal.FrameHandler;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The {@link EventUpcaster} most domains need: a chain of registered {@link Step}s, each turning one old form of an
 * event into the next one, applied one after another until the event is current (v1 to v2, then v2 to v3). A step
 * is registered for a template of the domain's event schema and the schema version that stopped writing it: an
 * event whose SBE header names that template and an older version goes through the step, and what the step emits
 * goes through the chain again. Every other event is handed on untouched, without a copy.
 * <p>
 * Usage, in a domain:
 * <pre>{@code
 * private final UpcasterChain upcaster = UpcasterChain.forSchema(MessageHeaderDecoder.SCHEMA_ID)
 *     .step(PaymentCapturedV1Decoder.TEMPLATE_ID, 2, new CaptureInMinorUnits())   // v1 -> v2
 *     .step(PaymentCapturedV2Decoder.TEMPLATE_ID, 3, new FeeSplitFromCapture());  // v2 -> v3
 *
 * public EventUpcaster upcaster() { return upcaster; }
 * }</pre>
 * Steps must be pure functions of the event (no state, no clock): the same journal must read the same way in
 * recovery, in a projection's rebuild and in a tool. An instance belongs to one thread; it keeps one scratch buffer
 * per step, so upcasting allocates nothing.
 */
public final class UpcasterChain implements EventUpcaster
{
    /** Bytes of events one step may emit for one event, by default. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** Events one step may emit for one event. */
    public static final int MAX_EVENTS_PER_STEP = 16;

    private static final int HEADER_LENGTH = 8;
    private static final int TEMPLATE_ID_OFFSET = 2;
    private static final int SCHEMA_ID_OFFSET = 4;
    private static final int VERSION_OFFSET = 6;

    private final int schemaId;
    private final int capacity;
    private int[] templates = new int[0];
    private int[] writtenBefore = new int[0];
    private Step[] steps = new Step[0];
    private Output[] levels = new Output[0];

    private UpcasterChain(final int schemaId, final int capacity)
    {
        this.schemaId = schemaId;
        this.capacity = capacity;
    }

    /**
     * @param schemaId the SBE schema id of the domain's events; events of other schemas are handed on untouched.
     * @return an empty chain, with room for {@link #DEFAULT_CAPACITY} bytes of events per step.
     */
    public static UpcasterChain forSchema(final int schemaId)
    {
        return forSchema(schemaId, DEFAULT_CAPACITY);
    }

    /**
     * @param schemaId the SBE schema id of the domain's events.
     * @param capacity bytes of events one step may emit for one event.
     * @return an empty chain.
     */
    public static UpcasterChain forSchema(final int schemaId, final int capacity)
    {
        if (capacity < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("capacity must hold at least an SBE header: " + capacity);
        }
        return new UpcasterChain(schemaId, capacity);
    }

    /**
     * Registers one step, at set-up (not thread safe with reads).
     *
     * @param templateId    the template the step reads.
     * @param writtenBefore the schema version from which the current code no longer writes that template in that
     *                      form: the step applies to events of the template whose header names an older version.
     *                      For a template no longer written at all, the version that retired it.
     * @param step          turns such an event into its next form.
     * @return this.
     * @throws IllegalArgumentException when a step is already registered for that template and version.
     */
    public UpcasterChain step(final int templateId, final int writtenBefore, final Step step)
    {
        for (int i = 0; i < steps.length; i++)
        {
            if (templates[i] == templateId && this.writtenBefore[i] == writtenBefore)
            {
                throw new IllegalArgumentException("a step for template " + templateId + " before version " +
                    writtenBefore + " is registered already");
            }
        }
        final int count = steps.length + 1;
        templates = Arrays.copyOf(templates, count);
        this.writtenBefore = Arrays.copyOf(this.writtenBefore, count);
        steps = Arrays.copyOf(steps, count);
        levels = Arrays.copyOf(levels, count);
        templates[count - 1] = templateId;
        this.writtenBefore[count - 1] = writtenBefore;
        steps[count - 1] = step;
        levels[count - 1] = new Output(capacity);
        return this;
    }

    /**
     * @return steps registered.
     */
    public int stepCount()
    {
        return steps.length;
    }

    /**
     * @param buffer holding an event, from its SBE header.
     * @param offset where it starts.
     * @param length of the event.
     * @return whether some step applies to it (it is not current).
     */
    public boolean isOld(final DirectBuffer buffer, final int offset, final int length)
    {
        return stepFor(buffer, offset, length) >= 0;
    }

    @Override
    public void upcast(
        final long sequence,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final FrameHandler current)
    {
        deliver(sequence, timestamp, buffer, offset, length, current, 0);
    }

    private void deliver(
        final long sequence,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final FrameHandler current,
        final int depth)
    {
        final int step = stepFor(buffer, offset, length);
        if (step < 0)
        {
            current.onFrame(sequence, timestamp, buffer, offset, length);
            return;
        }
        if (depth == levels.length)
        {
            // More steps in a row than are registered: some step emits what it (or an earlier one) reads.
            throw new IllegalStateException("upcasting template " + templates[step] + " at sequence " + sequence +
                " went through " + depth + " steps and is still not current: the steps form a cycle");
        }
        final Output out = levels[depth];
        out.reset();
        steps[step].upcast(buffer, offset, length, out);
        for (int i = 0; i < out.count; i++)
        {
            deliver(sequence, timestamp, out.buffer, out.offsets[i], out.lengths[i], current, depth + 1);
        }
    }

    private int stepFor(final DirectBuffer buffer, final int offset, final int length)
    {
        if (steps.length == 0 || length < HEADER_LENGTH ||
            (buffer.getShort(offset + SCHEMA_ID_OFFSET) & 0xFFFF) != schemaId)
        {
            return -1;
        }
        final int template = buffer.getShort(offset + TEMPLATE_ID_OFFSET) & 0xFFFF;
        final int version = buffer.getShort(offset + VERSION_OFFSET) & 0xFFFF;
        for (int i = 0; i < templates.length; i++)
        {
            if (templates[i] == template && version < writtenBefore[i])
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * One step of a chain: writes the next form of one event.
     */
    @FunctionalInterface
    public interface Step
    {
        /**
         * Writes the next form of one event into {@code out}: usually one event, two when the old event stands for
         * two today, none when it means nothing any more. Each written event starts with its SBE header, whose
         * version names the form written (so the next step, or none, is chosen by it).
         *
         * @param event  buffer holding the old event, from its SBE header.
         * @param offset where it starts.
         * @param length of the old event.
         * @param out    where the new events are written.
         */
        void upcast(DirectBuffer event, int offset, int length, Output out);
    }

    /**
     * Where a {@link Step} writes the events it makes of one old event. Reused for every event.
     */
    public static final class Output
    {
        private final UnsafeBuffer buffer;
        private final int[] offsets = new int[MAX_EVENTS_PER_STEP];
        private final int[] lengths = new int[MAX_EVENTS_PER_STEP];
        private int count;
        private int limit;

        Output(final int capacity)
        {
            buffer = new UnsafeBuffer(new byte[capacity]);
        }

        /**
         * @return the buffer to write events in, at the offsets {@link #claim} returns.
         */
        public MutableDirectBuffer buffer()
        {
            return buffer;
        }

        /**
         * Reserves room for one event of exactly {@code length} bytes (SBE header included).
         *
         * @param length of the event.
         * @return where to write it in {@link #buffer()}.
         * @throws IllegalStateException when the step emits more than the chain's capacity or
         *                               {@link #MAX_EVENTS_PER_STEP} events.
         */
        public int claim(final int length)
        {
            if (length < HEADER_LENGTH || count == offsets.length || length > buffer.capacity() - limit)
            {
                throw new IllegalStateException("an upcaster step emitted more than it may (" + count +
                    " events, " + limit + " bytes, then one of " + length + "): at most " + offsets.length +
                    " events in " + buffer.capacity() + " bytes, each at least an SBE header");
            }
            final int offset = limit;
            offsets[count] = offset;
            lengths[count] = length;
            count++;
            limit += length;
            return offset;
        }

        /**
         * @return events written so far for this event.
         */
        public int count()
        {
            return count;
        }

        void reset()
        {
            count = 0;
            limit = 0;
        }
    }
}
