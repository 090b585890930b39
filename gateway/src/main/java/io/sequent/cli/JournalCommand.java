package io.sequent.cli;

import io.sequent.codecs.SchemaJsonDecoder;
import io.sequent.journal.JournalCorruptedException;
import io.sequent.journal.JournalOpenReport;
import io.sequent.journal.JournalReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent journal}: look into a journal without a server: its events as JSON lines, or a check of every
 * frame. Safe on the journal of a running server (read only).
 */
@Command(name = "journal", mixinStandardHelpOptions = true,
    description = "Inspect or verify a journal.",
    subcommands = { JournalCommand.Inspect.class, JournalCommand.Verify.class })
public final class JournalCommand
{
    /**
     * @param path a data directory or a journal file.
     * @return the journal file.
     */
    static Path journalFile(final Path path)
    {
        final Path file = Files.isDirectory(path) ? path.resolve("journal").resolve("journal.dat") : path;
        if (!Files.isRegularFile(file))
        {
            throw new IllegalStateException("no journal at " + file + ": give a data directory or a journal file");
        }
        return file;
    }

    /**
     * {@code sequent journal inspect DIR [--from SEQ] [--to SEQ]}.
     */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print events as JSON lines, decoded through the SBE schema.")
    static final class Inspect implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory or journal file")
        Path path;

        @Option(names = "--from", defaultValue = "1", description = "first sequence (default: ${DEFAULT-VALUE})")
        long from;

        @Option(names = "--to", defaultValue = "9223372036854775807", description = "last sequence (default: the end)")
        long to;

        @Override
        public Integer call()
        {
            final SchemaJsonDecoder decoder = SchemaJsonDecoder.forSequentSchemas();
            final PrintStream out = System.out;
            try (JournalReader reader = JournalReader.open(journalFile(path)))
            {
                reader.read(from, to, (sequence, timestamp, buffer, offset, length) ->
                    out.println("{\"sequence\": " + sequence + ", \"timestamp\": " + timestamp + ", \"event\": " +
                        decoder.toJson(buffer, offset) + "}"));
            }
            out.flush();
            return 0;
        }
    }

    /**
     * {@code sequent journal verify DIR}.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every frame's length, sequence and CRC; exit 1 on damage, 2 on a torn tail.")
    static final class Verify implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory or journal file")
        Path path;

        @Override
        public Integer call()
        {
            final Path file = journalFile(path);
            try (JournalReader reader = JournalReader.open(file))
            {
                final JournalOpenReport report = reader.verify();
                System.out.println(file + ": schema " + reader.schemaId() + " v" + reader.schemaVersion() +
                    ", sequences " + reader.firstSequence() + ".." + report.lastSequence() + ", " + report);
                return report.tornBytes() == 0 ? 0 : 2;
            }
            catch (final JournalCorruptedException ex)
            {
                System.out.println("DAMAGED " + ex.getMessage());
                return 1;
            }
        }
    }
}
