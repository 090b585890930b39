package io.sequent.cli;

import io.sequent.journal.SchemaJsonDecoder;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalReader;
import io.sequent.journal.JournalSegment;
import io.sequent.journal.JournalTruncation;
import io.sequent.journal.SegmentFiles;
import io.sequent.journal.SegmentReport;
import io.sequent.cli.output.JsonWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import io.sequent.journal.crypto.JournalKeyException;
import io.sequent.journal.storage.FileSegmentStorage;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import io.sequent.codecs.SchemaDocuments;
import io.sequent.engine.domain.Domain;
import io.sequent.engine.domain.DomainModule;
import io.sequent.engine.domain.EventUpcaster;
import io.sequent.engine.ledger.CommandRecords;
import java.util.ServiceLoader;

/**
 * {@code sequent journal}: look into a journal without a server: its events as JSON lines, decoded through the
 * schema each segment embeds, or a check of every segment and frame; safe on the journal of a running server
 * (read only). And the way out of an entry recovery cannot apply: {@code truncate}, on a stopped server's.
 */
@Command(name = "journal", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Inspect, verify or truncate a journal.",
    subcommands = { JournalCommand.Inspect.class, JournalCommand.Verify.class, JournalCommand.Truncate.class })
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
     * @param name     a domain module's name, or null to find the one whose event schema the journal names.
     * @param schemaId the event schema id in the journal's first segment.
     * @return the module, or null when none on the class path writes that schema (and no name was given).
     */
    static DomainModule<?> domainOf(final String name, final int schemaId)
    {
        if (name != null)
        {
            return DomainModule.named(name);
        }
        for (final DomainModule<?> module : ServiceLoader.load(DomainModule.class))
        {
            if (module.newDomain().eventSchemaId() == schemaId)
            {
                return module;
            }
        }
        return null;
    }

    /**
     * @param domain a domain.
     * @return a decoder of its current events and of the engine's records, for events read through its upcaster.
     */
    static SchemaJsonDecoder currentDecoder(final Domain<?> domain)
    {
        final byte[] events = domain.eventSchemaXml();
        final byte[] engine = SchemaDocuments.read(SchemaDocuments.ENGINE);
        return events.length == 0 ? SchemaJsonDecoder.forSequentSchemas() :
            SchemaJsonDecoder.fromDocuments(List.of(events, engine));
    }

    /**
     * {@code sequent journal inspect --dir DIR [--from SEQ] [--to SEQ] [--aggregate TYPE:ID [--from-version N]]
     * [--domain NAME] [--as-written]}.
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

        @Option(names = "--aggregate",
            description = "only this aggregate's events, in order, such as order:42, read through the data " +
                "directory's aggregate index")
        String aggregate;

        @Option(names = "--from-version", defaultValue = "1",
            description = "with --aggregate, the first version to print (default: ${DEFAULT-VALUE})")
        long fromVersion;

        @Option(names = "--domain",
            description = "the domain that wrote the journal, by name (default: the one whose event schema the " +
                "journal names)")
        String domain;

        @Option(names = "--as-written",
            description = "print events as the journal holds them, without the domain's upcasters")
        boolean asWritten;

        @Spec
        CommandSpec spec;
        @Mixin
        KeyFileOption key;

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
            final Path dir = journalDir(path);
            final DomainModule<?> module;
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, key.keyring()))
            {
                module = domainOf(domain, reader.segments().get(0).schemaId());
            }
            if (aggregate != null)
            {
                if (module == null || asWritten)
                {
                    throw new IllegalArgumentException(module == null ? "no domain on the class path writes this " +
                        "journal's schema: name it with --domain" : "--aggregate reads events as the current code " +
                        "does, to know their aggregates: it cannot be combined with --as-written");
                }
                new AggregateInspection(dir, module, aggregate, fromVersion).print(out);
                out.flush();
                return 0;
            }
            final Domain<?> current = module == null || asWritten ? null : module.newDomain();
            if (current != null && current.upcaster() != EventUpcaster.NONE)
            {
                printUpcast(dir, current, out);
                return 0;
            }
            final Map<List<ByteBuffer>, SchemaJsonDecoder> decoders = new HashMap<>();
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, key.keyring()))
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

        /**
         * Every frame as the domain's current code reads it: old events through its upcasters (marked
         * {@code "upcast": true}, one line per event they became), decoded with its current schema.
         */
        private void printUpcast(final Path dir, final Domain<?> current, final PrintStream out)
        {
            final SchemaJsonDecoder decoder = currentDecoder(current);
            final EventUpcaster upcaster = current.upcaster();
            final long[] printed = new long[2];
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, key.keyring()))
            {
                reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
                {
                    if (CommandRecords.isRecord(buffer, offset, length))
                    {
                        out.println(line(sequence, timestamp, decoder.toJson(buffer, offset), false));
                        printed[0]++;
                        return;
                    }
                    upcaster.upcast(sequence, timestamp, buffer, offset, length, (seq, time, event, at, len) ->
                    {
                        final boolean changed = event != buffer || at != offset;
                        out.println(line(seq, time, decoder.toJson(event, at), changed));
                        printed[0]++;
                        printed[1] += changed ? 1 : 0;
                    });
                });
            }
            out.flush();
            System.err.println(dir + ": " + printed[0] + " entries as the " + current.getClass().getSimpleName() +
                " of today reads them, " + printed[1] + " of them upcast from older events (--as-written prints " +
                "the journal as it is)");
        }

        private static String line(final long sequence, final long timestamp, final String event,
            final boolean upcast)
        {
            return "{\"sequence\": " + sequence + ", \"timestamp\": " + timestamp + ", \"event\": " + event +
                (upcast ? ", \"upcast\": true" : "") + "}";
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
            "segments (and, encrypted, every block's tag); one line per segment and a summary; exit 1 on damage, 2 " +
            "on a torn tail, 3 when no key given opens an encrypted segment.")
    static final class Verify implements Callable<Integer>
    {
        @Mixin
        DataDirOption data;

        @Option(names = "--json", description = "one JSON document instead of the lines")
        boolean json;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call()
        {
            final Path dir = journalDir(data.resolve());
            try (JournalReader reader = JournalReader.open(dir, FileSegmentStorage.INSTANCE, key.keyring()))
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
            catch (final JournalKeyException ex)
            {
                // An encrypted segment that no key given opens: not damage, but nothing is verified past it.
                System.out.println("KEY " + ex.getMessage());
                return 3;
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

    /**
     * {@code sequent journal truncate --dir DIR --after SEQ [--key-file FILE]}: the way out that recovery offers when
     * it cannot apply an entry. Cuts the journal after a whole command ({@link JournalTruncation}) and moves what it
     * removes, the snapshots newer than that command and the read models (the engine rebuilds them from the journal
     * at start) to {@code DIR/journal/truncated-<time>/}; nothing is deleted.
     */
    @Command(name = "truncate", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Cut the journal of a stopped server after a whole command, keeping a copy of everything it " +
            "removes (segments, newer snapshots, read models, rebuilt at start) in DIR/journal/truncated-<time>/.")
    static final class Truncate implements Callable<Integer>
    {
        private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
        private static final String SNAPSHOT_PREFIX = "snapshot-";
        private static final String SNAPSHOT_SUFFIX = ".snap";

        @Mixin
        DataDirOption data;

        @Option(names = "--after", required = true, paramLabel = "SEQ",
            description = "the last sequence kept: a command's record, such as the one recovery names")
        long after;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call() throws IOException
        {
            final Path given = data.resolve();
            final Path journalDir = journalDir(given);
            // Given a data directory, its snapshots and read models go with the cut; given a journal alone, none.
            final Path dataDir = journalDir.equals(given.resolve("journal")) ? given : null;
            if (dataDir != null)
            {
                refuseWhileRunning(dataDir.resolve("projections"));
            }
            final Path copy = copyDir(journalDir);
            final JournalTruncation.Result result;
            try
            {
                result = new JournalTruncation(journalDir, FileSegmentStorage.INSTANCE, key.keyring(),
                    CommandRecords::isRecord).truncateAfter(after, copy);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalStateException("journal " + journalDir + " not cut: " + ex.getMessage(), ex);
            }
            final PrintStream out = System.out;
            if (result.removedFrames() == 0)
            {
                out.println(journalDir + " ends at sequence " + after + ": nothing to cut");
                return 0;
            }
            if (result.damage() != null)
            {
                out.println("the readable journal ended before damage, which is in the copy: " + result.damage());
            }
            out.println("cut " + journalDir + " after sequence " + after + ": " + result.removedFrames() +
                " entries removed (sequences " + (after + 1) + ".." + result.previousLast() + ")" +
                (result.cutSegment() == null ? "" : ", " + result.cutSegment() + " cut at its entry " + after) +
                (result.moved().isEmpty() ? "" : ", " + result.moved().size() + " later segment(s) moved") +
                (result.rewritten() == 0 ? "" : ", " + result.rewritten() + " entries of a cut encrypted block " +
                    "written again to a new segment"));
            if (dataDir != null)
            {
                final int snapshots = moveSnapshotsAfter(dataDir.resolve("snapshots"), copy.resolve("snapshots"));
                out.println("snapshots after sequence " + after + " moved: " + snapshots);
                final int projections = moveAll(dataDir.resolve("projections"), copy.resolve("projections"));
                out.println("read models moved (the server rebuilds them from the journal at start): " +
                    projections + " file(s)");
            }
            out.println("copy of everything removed: " + copy + " (a journal directory: `sequent journal inspect " +
                "--dir " + copy + "`)");
            out.println("start the server on " + given + ": it recovers up to sequence " + after);
            return 0;
        }

        private static Path copyDir(final Path journalDir)
        {
            final String stamp = "truncated-" + STAMP.format(Instant.now());
            Path copy = journalDir.resolve(stamp);
            for (int i = 2; Files.exists(copy); i++)
            {
                copy = journalDir.resolve(stamp + "-" + i);
            }
            return copy;
        }

        /**
         * A running engine holds each read model's writer mark locked; the journal has no lock of its own.
         */
        private static void refuseWhileRunning(final Path projections) throws IOException
        {
            if (!Files.isDirectory(projections))
            {
                return;
            }
            for (final Path file : list(projections))
            {
                if (!file.getFileName().toString().endsWith(".writer"))
                {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
                {
                    final FileLock lock = channel.tryLock();
                    if (lock == null)
                    {
                        throw new IllegalStateException(file + " is locked: a server is running on this data " +
                            "directory. Stop it before cutting its journal");
                    }
                    lock.release();
                }
                catch (final OverlappingFileLockException ex)
                {
                    throw new IllegalStateException(file + " is locked by an engine in this process: stop it " +
                        "before cutting its journal", ex);
                }
            }
        }

        private int moveSnapshotsAfter(final Path snapshots, final Path target) throws IOException
        {
            int moved = 0;
            if (!Files.isDirectory(snapshots))
            {
                return 0;
            }
            for (final Path file : list(snapshots))
            {
                final String name = file.getFileName().toString();
                if (name.startsWith(SNAPSHOT_PREFIX) && name.endsWith(SNAPSHOT_SUFFIX) &&
                    Long.parseLong(name.substring(SNAPSHOT_PREFIX.length(), name.length() -
                    SNAPSHOT_SUFFIX.length())) > after)
                {
                    Files.createDirectories(target);
                    Files.move(file, target.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    moved++;
                }
            }
            return moved;
        }

        private static int moveAll(final Path dir, final Path target) throws IOException
        {
            int moved = 0;
            if (!Files.isDirectory(dir))
            {
                return 0;
            }
            for (final Path file : list(dir))
            {
                Files.createDirectories(target);
                Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                moved++;
            }
            return moved;
        }

        private static List<Path> list(final Path dir) throws IOException
        {
            try (Stream<Path> files = Files.list(dir))
            {
                return files.filter(Files::isRegularFile).sorted().toList();
            }
        }
    }
}
