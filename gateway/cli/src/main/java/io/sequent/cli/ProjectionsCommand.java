package io.sequent.cli;

import io.sequent.engine.Engine;
import io.sequent.exchange.domain.ExchangeState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import io.sequent.exchange.ExchangeModule;
import io.sequent.engine.EngineContext;

/**
 * {@code sequent projections rebuild DIR}: deletes the read models of a stopped server's data directory and
 * rebuilds them from the journal. A running server holds its projections' writer locks, so this refuses to touch
 * them while one runs.
 */
@Command(name = "projections", mixinStandardHelpOptions = true, description = "Read models of a data directory.",
    subcommands = { ProjectionsCommand.Rebuild.class })
public final class ProjectionsCommand
{
    /**
     * {@code sequent projections rebuild DIR}.
     */
    @Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = "Delete the projections of a stopped server and rebuild them from the journal.")
    static final class Rebuild implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory")
        Path dir;

        @Override
        public Integer call() throws IOException
        {
            final Path projections = dir.resolve("projections");
            JournalCommand.journalDir(dir);
            // Open (and so lock) the current files first: a running server makes this fail before anything is
            // deleted.
            Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule()).snapshotEveryEvents(0)).close();
            if (Files.isDirectory(projections))
            {
                try (Stream<Path> files = Files.list(projections))
                {
                    for (final Path file : (Iterable<Path>)files::iterator)
                    {
                        Files.delete(file);
                    }
                }
            }
            try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dir).module(new ExchangeModule())
                .snapshotEveryEvents(0)))
            {
                System.out.printf("projections rebuilt from the journal, up to sequence %d%n",
                    engine.recoveryReport().lastSequence());
            }
            return 0;
        }
    }
}
