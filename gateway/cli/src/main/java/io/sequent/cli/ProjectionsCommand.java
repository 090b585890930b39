package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import io.sequent.engine.Engine;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.engine.EngineContext;
import io.sequent.engine.domain.Projection;
import io.sequent.engine.ledger.FrameRouter;
import io.sequent.exchange.ExchangeModule;
import io.sequent.journal.JournalReader;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code sequent projections rebuild --dir DIR}: deletes the read models of a stopped server's data directory and
 * rebuilds them from the journal, printing its progress. A running server holds its projections' writer locks, so
 * this refuses to touch them while one runs.
 */
@Command(name = "projections", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Read models of a data directory.", subcommands = { ProjectionsCommand.Rebuild.class })
public final class ProjectionsCommand
{
    /**
     * {@code sequent projections rebuild --dir DIR}.
     */
    @Command(name = "rebuild", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Delete the projections of a stopped server and rebuild them from the journal.")
    static final class Rebuild implements Callable<Integer>
    {
        /** Journal entries between two checkpoints of a projection while it is rebuilt. */
        private static final long CHECKPOINT_EVERY = 1 << 16;

        @Mixin
        DataDirOption data;

        @Mixin
        ConfigFileOption config;

        @Override
        public Integer call() throws IOException
        {
            final Path dir = data.resolve();
            final Path journalDir = JournalCommand.journalDir(dir);
            final PrintStream err = System.err;
            final ExchangeModule module = new ExchangeModule();
            // Open (and so lock) the current files first: a running server makes this fail before anything is
            // deleted.
            err.println("   checking that no server holds " + dir);
            Engine.launch(context(dir, module)).close();
            final Path projections = dir.resolve("projections");
            if (Files.isDirectory(projections))
            {
                try (Stream<Path> files = Files.list(projections))
                {
                    for (final Path file : (Iterable<Path>)files::iterator)
                    {
                        Files.delete(file);
                    }
                }
                err.println("   deleted the projections in " + projections);
            }
            rebuild(module.openProjections(dir), journalDir, err);
            // The engine's own start checks the result: its recovery finds every projection caught up.
            try (Engine<ExchangeState> engine = Engine.launch(context(dir, module)))
            {
                System.out.printf("projections rebuilt from the journal, up to sequence %d%n",
                    engine.recoveryReport().lastSequence());
            }
            return 0;
        }

        private static EngineContext<ExchangeState> context(final Path dir, final ExchangeModule module)
        {
            return new EngineContext<ExchangeState>().dataDir(dir).module(module).snapshotEveryEvents(0);
        }

        private static void rebuild(final List<Projection> projections, final Path journalDir, final PrintStream err)
        {
            try (JournalReader reader = JournalReader.open(journalDir))
            {
                for (final Projection projection : projections)
                {
                    final long from = projection.lastAppliedSequence() + 1;
                    final Progress progress = new Progress("rebuilding " + projection, 0, err);
                    final long[] last = { from - 1 };
                    final FrameRouter router = new FrameRouter(projection::onEvent, null);
                    reader.read(from, (sequence, timestamp, buffer, offset, length) ->
                    {
                        router.onFrame(sequence, timestamp, buffer, offset, length);
                        last[0] = sequence;
                        final long done = sequence - from + 1;
                        progress.update(done);
                        if (done % CHECKPOINT_EVERY == 0)
                        {
                            projection.onBatchEnd(sequence);
                        }
                    });
                    projection.onBatchEnd(last[0]);
                    progress.finish(last[0] - from + 1);
                    err.printf("   %s: rebuilt up to sequence %d%n", projection, last[0]);
                }
            }
            finally
            {
                CloseHelper.closeAll(projections);
            }
        }
    }
}
