package io.sequent.engine.aggregate;

import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import io.sequent.engine.domain.EventUpcaster;
import io.sequent.engine.ledger.CommandRecords;
import io.sequent.journal.FrameHandler;
import io.sequent.journal.JournalReader;
import io.sequent.journal.SegmentFiles;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads one aggregate's events in order, from a version on: the {@link AggregateIndex} gives the journal sequences
 * of its frames, the journal gives the frames, the domain's {@link EventUpcaster} makes them current and its
 * {@link AggregateIdentity} picks the aggregate's events out of them (an upcaster may make two events of one frame,
 * and they need not belong to the same aggregate). The journal is read only in the segments that hold the
 * aggregate's frames, from each segment's start to its last wanted frame (the journal has no positional read), never
 * as a whole. Works on the files of a running server (the index and the journal are read only).
 * <p>
 * The reusable engine-core piece behind {@code sequent journal inspect --aggregate TYPE:ID} and a domain's "events
 * of aggregate X from version N" query. One instance per thread; a read lists the journal's segments and maps the
 * ones it needs, so it does I/O, unlike a projection lookup: keep it off the sequencer.
 */
public final class AggregateStream
{
    private final AggregateIndex index;
    private final Path journalDir;
    private final AggregateIdentity identity;
    private final EventUpcaster upcaster;
    private final AggregateEntry frame = AggregateIndex.newEntry();
    private final LongArrayList sequences = new LongArrayList();
    private final LongArrayList versions = new LongArrayList();
    private final Picker picker = new Picker();

    /**
     * @param index      a reader (or the writer) of the aggregate index.
     * @param journalDir the journal the index was built from.
     * @param identity   the domain's aggregate identity, for this thread.
     * @param upcaster   the domain's upcaster ({@code Domain.upcaster()}), for this thread.
     */
    public AggregateStream(
        final AggregateIndex index, final Path journalDir, final AggregateIdentity identity,
        final EventUpcaster upcaster)
    {
        this.index = index;
        this.journalDir = journalDir;
        this.identity = identity;
        this.upcaster = upcaster;
    }

    /**
     * Delivers the aggregate's events whose version is in {@code [fromVersion, toVersion]}, in journal order, as the
     * current code reads them.
     *
     * @param type        the aggregate's type code.
     * @param id          the aggregate's id.
     * @param fromVersion first version wanted (1 for the whole history).
     * @param toVersion   last version wanted, inclusive ({@code Long.MAX_VALUE} for all).
     * @param handler     receives the events.
     * @return events delivered.
     * @throws IllegalStateException when the journal no longer holds a frame the index names (deleted by retention).
     */
    public long read(
        final int type, final long id, final long fromVersion, final long toVersion, final EventHandler handler)
    {
        sequences.clear();
        versions.clear();
        final long count = index.count(type, id);
        for (long ordinal = index.firstOrdinalAtOrAfter(type, id, fromVersion); ordinal <= count; ordinal++)
        {
            if (!index.frame(type, id, ordinal, frame) || frame.getVersion() > toVersion)
            {
                break;
            }
            sequences.addLong(frame.getSequence());
            versions.addLong(frame.getVersion());
        }
        if (sequences.isEmpty())
        {
            return 0;
        }
        picker.start(type, id, fromVersion, toVersion, handler);
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            final List<SegmentFiles.Entry> segments = reader.entries();
            int segment = 0;
            int first = 0;
            while (first < sequences.size())
            {
                final long firstSequence = sequences.getLong(first);
                while (segment + 1 < segments.size() && segments.get(segment + 1).firstSequence() <= firstSequence)
                {
                    segment++;
                }
                final long segmentEnd = segment + 1 < segments.size() ?
                    segments.get(segment + 1).firstSequence() : Long.MAX_VALUE;
                int last = first;
                while (last + 1 < sequences.size() && sequences.getLong(last + 1) < segmentEnd)
                {
                    last++;
                }
                // One pass over the segment up to its last wanted frame; the picker takes the wanted ones.
                reader.read(firstSequence, sequences.getLong(last), picker);
                if (picker.cursor != last + 1)
                {
                    throw new IllegalStateException("the journal " + journalDir + " does not hold frame " +
                        sequences.getLong(picker.cursor) + ", which the aggregate index names for " + type + ":" +
                        id + " (deleted by retention, or not the journal the index was built from)");
                }
                first = last + 1;
            }
        }
        return picker.delivered;
    }

    /**
     * Receives an aggregate's events from {@link #read}.
     */
    @FunctionalInterface
    public interface EventHandler
    {
        /**
         * @param sequence  of the journal frame the event was read from.
         * @param timestamp of the frame.
         * @param version   the aggregate's version in the event.
         * @param buffer    holding the current event, from its SBE header; valid during the call.
         * @param offset    where it starts.
         * @param length    of the event.
         */
        void onEvent(long sequence, long timestamp, long version, DirectBuffer buffer, int offset, int length);
    }

    /**
     * Takes the wanted frames of one pass and hands on their events that belong to the aggregate.
     */
    private final class Picker implements FrameHandler
    {
        private final AggregateRef[] refs = AggregateIdentity.newRefs();
        private final FrameHandler events = this::onCurrentEvent;
        private int type;
        private long id;
        private long fromVersion;
        private long toVersion;
        private EventHandler handler;
        private int cursor;
        private long frameVersion;
        private long delivered;

        void start(
            final int type, final long id, final long fromVersion, final long toVersion, final EventHandler handler)
        {
            this.type = type;
            this.id = id;
            this.fromVersion = fromVersion;
            this.toVersion = toVersion;
            this.handler = handler;
            cursor = 0;
            delivered = 0;
        }

        @Override
        public void onFrame(
            final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
        {
            if (cursor >= sequences.size() || sequence != sequences.getLong(cursor))
            {
                return;
            }
            frameVersion = versions.getLong(cursor);
            cursor++;
            if (!CommandRecords.isRecord(buffer, offset, length))
            {
                upcaster.upcast(sequence, timestamp, buffer, offset, length, events);
            }
        }

        private void onCurrentEvent(
            final long sequence, final long timestamp, final DirectBuffer buffer, final int offset, final int length)
        {
            final int aggregates = identity.identify(buffer, offset, length, refs);
            for (int i = 0; i < aggregates; i++)
            {
                if (refs[i].is(type, id))
                {
                    final long version = refs[i].version() > 0 ? refs[i].version() : frameVersion;
                    if (version >= fromVersion && version <= toVersion)
                    {
                        handler.onEvent(sequence, timestamp, version, buffer, offset, length);
                        delivered++;
                    }
                    return;
                }
            }
        }
    }
}
