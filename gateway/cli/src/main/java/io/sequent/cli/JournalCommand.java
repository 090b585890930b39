package io.sequent.cli;

import io.sequent.journal.SchemaJsonDecoder;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSegment;
import io.sequent.journal.SegmentFiles;
import io.sequent.journal.SegmentReport;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.storage.FileSegmentStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
@Command(name = "journal", mixinStandardHelpOptions = true,
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
     * {@code sequent journal inspect DIR [--from SEQ] [--to SEQ]}.
     */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print events as JSON lines, decoded through the SBE schema embedded in each segment.")
    static final class Inspect implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory or journal directory")
        Path path;

        @Option(names = "--from", defaultValue = "1", description = "first sequence (default: ${DEFAULT-VALUE})")
        long from;

        @Option(names = "--to", defaultValue = "9223372036854775807", description = "last sequence (default: the end)")
        long to;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call()
        {
            final PrintStream out = System.out;
            final Map<List<ByteBuffer>, SchemaJsonDecoder> decoders = new HashMap<>();
            try (JournalReader reader = JournalReader.open(journalDir(path), FileSegmentStorage.INSTANCE,
                key.keyring()))
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
     * {@code sequent journal verify DIR}.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every segment header, frame length, sequence and CRC, and sequence continuity across " +
            "segments (and, encrypted, every block's tag); one line per segment and a summary; exit 1 on damage, 2 " +
            "on a torn tail, 3 when no key given opens an encrypted segment.")
    static final class Verify implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory or journal directory")
        Path path;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call()
        {
            final Path dir = journalDir(path);
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, key.keyring()))
            {
                final List<SegmentReport> reports = reader.verify();
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
                System.out.println("DAMAGED " + ex.getMessage());
                return 1;
            }
            catch (final JournalKeyException ex)
            {
                // An encrypted segment that no key given opens: not damage, but nothing is verified past it.
                System.out.println("KEY " + ex.getMessage());
                return 3;
            }
        }
    }
}
