package io.sequent.cli;

import io.sequent.engine.aggregate.AggregateIndex;
import io.sequent.engine.aggregate.AggregateStream;
import io.sequent.engine.domain.AggregateIdentity;
import io.sequent.engine.domain.AggregateRef;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.journal.JournalReader;
import io.sequent.journal.SchemaJsonDecoder;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code sequent journal inspect DIR --aggregate TYPE:ID}: one aggregate's events in order, each as the domain's
 * current code reads it (through its upcasters), as JSON lines. Served by the engine core's aggregate index in the
 * data directory (read only, so safe while a server runs), which names the frames to read: no scan of the whole
 * journal. A bare journal directory has no index; its journal is then scanned, and standard error says so.
 */
final class AggregateInspection
{
    private final Path journalDir;
    private final DomainModule<?> module;
    private final String aggregate;
    private final long fromVersion;

    /**
     * @param journalDir  the journal.
     * @param module      the domain that wrote it.
     * @param aggregate   {@code TYPE:ID}, such as {@code order:42}.
     * @param fromVersion the first version to print.
     */
    AggregateInspection(
        final Path journalDir, final DomainModule<?> module, final String aggregate, final long fromVersion)
    {
        this.journalDir = journalDir;
        this.module = module;
        this.aggregate = aggregate;
        this.fromVersion = fromVersion;
    }

    /**
     * @param out where the JSON lines go.
     * @return events printed.
     */
    long print(final PrintStream out)
    {
        final AggregateIdentity identity = module.newAggregateIdentity();
        if (identity == null)
        {
            throw new IllegalArgumentException("the domain '" + module.name() + "' keeps no per-aggregate streams " +
                "(its module gives no AggregateIdentity)");
        }
        final int colon = aggregate.indexOf(':');
        final int type = colon > 0 ? identity.typeCode(aggregate.substring(0, colon)) : 0;
        final long id;
        try
        {
            id = Long.parseLong(aggregate.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--aggregate takes TYPE:ID, such as order:42: " + aggregate, ex);
        }
        if (type == 0)
        {
            throw new IllegalArgumentException("the domain '" + module.name() + "' has no aggregate type '" +
                (colon > 0 ? aggregate.substring(0, colon) : aggregate) + "' (--aggregate takes TYPE:ID, such as " +
                "order:42)");
        }
        final Domain<?> domain = module.newDomain();
        final SchemaJsonDecoder json = JournalCommand.currentDecoder(domain);
        final Path indexFile = AggregateIndex.file(journalDir.toAbsolutePath().getParent());
        final long[] printed = new long[1];
        if (Files.isRegularFile(indexFile))
        {
            try (AggregateIndex index = AggregateIndex.open(indexFile))
            {
                new AggregateStream(index, journalDir, identity, domain.upcaster()).read(type, id, fromVersion,
                    Long.MAX_VALUE, (sequence, timestamp, version, buffer, offset, length) ->
                    {
                        out.println(line(sequence, timestamp, version, json.toJson(buffer, offset)));
                        printed[0]++;
                    });
                System.err.println(aggregate + ": " + printed[0] + " event(s) from version " + fromVersion +
                    ", read through the aggregate index " + indexFile + " (" + index.count(type, id) +
                    " frame(s) indexed, index at sequence " + index.lastAppliedSequence() + ")");
            }
            return printed[0];
        }
        final AggregateRef[] refs = AggregateIdentity.newRefs();
        final long[] position = new long[1];
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            reader.read(1, new FrameRouter((sequence, timestamp, buffer, offset, length) ->
            {
                final int aggregates = identity.identify(buffer, offset, length, refs);
                for (int i = 0; i < aggregates; i++)
                {
                    if (refs[i].is(type, id))
                    {
                        // A domain without versions: the event's place in the stream.
                        final long version = refs[i].version() > 0 ? refs[i].version() : ++position[0];
                        if (version >= fromVersion)
                        {
                            out.println(line(sequence, timestamp, version, json.toJson(buffer, offset)));
                            printed[0]++;
                        }
                        break;
                    }
                }
            }, null, domain.upcaster()));
        }
        System.err.println("note: no aggregate index at " + indexFile + " (a journal without its data directory?): " +
            "scanned the whole journal for " + aggregate + ", " + printed[0] + " event(s) from version " +
            fromVersion);
        return printed[0];
    }

    private static String line(final long sequence, final long timestamp, final long version, final String event)
    {
        return "{\"sequence\": " + sequence + ", \"timestamp\": " + timestamp + ", \"version\": " + version +
            ", \"event\": " + event + "}";
    }
}
