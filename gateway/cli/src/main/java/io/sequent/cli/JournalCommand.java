package io.sequent.cli;

import io.sequent.journal.SchemaJsonDecoder;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSegment;
import io.sequent.journal.SegmentFiles;
import io.sequent.journal.SegmentReport;
import io.sequent.cli.output.JsonWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequent journal}: look into a journal without a server: its events as JSON lines, decoded through the
 * schema each segment embeds, or a check of every segment and frame. Safe on the journal of a running server
 * (read only).
 */
@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Inspect or verify a journal.",
    subcommands = { JournalCommand.Inspect.class, JournalCommand.Verify.class })
public final class JournalCommand
{
    /**
     * @param path a data directory or a journal directory.
     * @return the journal directory.
     */
    static Path journalDir(final Path path)
    {
        final Path nested = path.resolve("journal");
        final Path dir = Files.isDirectory(nested) ? nested : path;
        if (!Files.isDirectory(dir) || SegmentFiles.list(dir).isEmpty())
        {
            throw new IllegalStateException("no journal at " + path + ": give a data directory or a journal " +
                "directory (segments named like " + SegmentFiles.name(1) + ", or a format 1 " +
                SegmentFiles.LEGACY_FILE + ")");
        }
        return dir;
    }

    /**
     * {@code sequent journal inspect --dir DIR [--from SEQ] [--to SEQ]}.
     */
    @Command(name = "inspect", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Print events as JSON lines, decoded through the SBE schema embedded in each segment.")
    static final class Inspect implements Callable<Integer>
    {
        @Mixin
        DataDirOption data;

        @Option(names = "--from", defaultValue = "1", description = "first sequence (default: ${DEFAULT-VALUE})")
        long from;

        @Option(names = "--to", defaultValue = "9223372036854775807", description = "last sequence (default: the end)")
        long to;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call()
        {
            if (from < 1 || to < from)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), "--from " + from + " --to " +
                    (to == Long.MAX_VALUE ? "the end" : Long.toString(to)) + " is an empty range: sequences start " +
                    "at 1 and --to must not be below --from");
            }
            final Path path = data.resolve();
            final PrintStream out = System.out;
            final Map<List<ByteBuffer>, SchemaJsonDecoder> decoders = new HashMap<>();
            try (JournalReader reader = JournalReader.open(journalDir(path)))
            {
                final List<JournalSegment> segments = reader.segments();
                for (int i = 0; i < segments.size(); i++)
                {
                    final JournalSegment segment = segments.get(i);
                    final long first = Math.max(from, segment.firstSequence());
                    final long last = Math.min(to,
                        i + 1 < segments.size() ? segments.get(i + 1).firstSequence() - 1 : Long.MAX_VALUE);
                    if (first > last)
                    {
                        continue;
                    }
                    final SchemaJsonDecoder decoder = decoders.computeIfAbsent(key(segment), key ->
                        decoderFor(segment));
                    final long printed = reader.read(first, last, (sequence, timestamp, buffer, offset, length) ->
                        out.println("{\"sequence\": " + sequence + ", \"timestamp\": " + timestamp + ", \"event\": " +
                            decoder.toJson(buffer, offset) + "}"));
                    // Standard error, so standard output stays one JSON document per line.
                    System.err.println(segment.name() + (segment.archived() ? " (archived)" : "") + ": " + printed +
                        " event(s) from sequence " + first + ", schema " + segment.schemaId() + " v" +
                        segment.schemaVersion() + (segment.documents().isEmpty() ? "" : ", decoded with the " +
                        segment.documents().size() + " schema document(s) it embeds"));
                }
            }
            out.flush();
            return 0;
        }

        private static List<ByteBuffer> key(final JournalSegment segment)
        {
            final List<ByteBuffer> key = new ArrayList<>();
            for (final byte[] document : segment.documents())
            {
                key.add(ByteBuffer.wrap(document));
            }
            return key;
        }

        private static SchemaJsonDecoder decoderFor(final JournalSegment segment)
        {
            if (segment.documents().isEmpty())
            {
                System.err.println("note: " + segment.name() + " (format " + segment.formatVersion() + ", schema " +
                    segment.schemaId() + " v" + segment.schemaVersion() + ") embeds no schema: decoded with the " +
                    "schemas of this build's codecs jar");
                return SchemaJsonDecoder.forSequentSchemas();
            }
            return SchemaJsonDecoder.fromDocuments(segment.documents());
        }
    }

    /**
     * {@code sequent journal verify --dir DIR [--json]}.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Check every segment header, frame length, sequence and CRC, and sequence continuity across " +
            "segments; one line per segment and a summary; exit 1 on damage, 2 on a torn tail.")
    static final class Verify implements Callable<Integer>
    {
        @Mixin
        DataDirOption data;

        @Option(names = "--json", description = "one JSON document instead of the lines")
        boolean json;

        @Override
        public Integer call()
        {
            final Path dir = journalDir(data.resolve());
            try (JournalReader reader = JournalReader.open(dir))
            {
                final List<SegmentReport> reports = reader.verify();
                if (json)
                {
                    System.out.println(toJson(dir, reports, null));
                    final SegmentReport last = reports.get(reports.size() - 1);
                    return last.tornBytes() == 0 ? 0 : 2;
                }
                long frames = 0;
                long archived = 0;
                for (final SegmentReport report : reports)
                {
                    System.out.println(report);
                    frames += report.frames();
                    archived += report.segment().archived() ? 1 : 0;
                }
                final SegmentReport last = reports.get(reports.size() - 1);
                System.out.println(dir + ": " + reports.size() + " segment(s), " + archived + " archived, " +
                    "sequences " + reports.get(0).segment().firstSequence() + ".." + last.lastSequence() + ", " +
                    frames + " frames, last sequence " + last.lastSequence() + ", " +
                    (last.tornBytes() == 0 ? "clean tail" : "TORN TAIL of " + last.tornBytes() + " bytes at offset " +
                        last.bytes() + " of " + last.segment().name() + " (the server truncates it at start)"));
                return last.tornBytes() == 0 ? 0 : 2;
            }
            catch (final JournalCorruptedException ex)
            {
                System.out.println(json ? toJson(dir, List.of(), ex.getMessage()) : "DAMAGED " + ex.getMessage());
                return 1;
            }
        }

        private static String toJson(final Path dir, final List<SegmentReport> reports, final String damage)
        {
            final JsonWriter out = new JsonWriter().beginObject().member("journal", dir.toString())
                .member("ok", damage == null && reports.get(reports.size() - 1).tornBytes() == 0)
                .member("damage", damage).name("segments").beginArray();
            long frames = 0;
            for (final SegmentReport report : reports)
            {
                frames += report.frames();
                out.beginObject().member("name", report.segment().name())
                    .member("archived", report.segment().archived())
                    .member("format", report.segment().formatVersion())
                    .member("schemaId", report.segment().schemaId())
                    .member("schemaVersion", report.segment().schemaVersion())
                    .member("firstSequence", report.segment().firstSequence())
                    .member("lastSequence", report.lastSequence())
                    .member("frames", report.frames())
                    .member("bytes", report.bytes())
                    .member("tornBytes", report.tornBytes())
                    .endObject();
            }
            out.endArray().member("frames", frames);
            if (!reports.isEmpty())
            {
                final SegmentReport last = reports.get(reports.size() - 1);
                out.member("lastSequence", last.lastSequence()).member("tornBytes", last.tornBytes());
            }
            return out.endObject().toString();
        }
    }
}
