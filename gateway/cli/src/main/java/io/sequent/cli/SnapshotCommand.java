package io.sequent.cli;

import io.sequent.engine.EngineContext;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.storage.FileSegmentStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequent snapshot list DIR}: the snapshots of a data directory, each checked whole (CRC, schema, state hash).
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "Snapshots of a data directory.",
    subcommands = { SnapshotCommand.ListSnapshots.class })
public final class SnapshotCommand
{
    /**
     * {@code sequent snapshot list DIR}.
     */
    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "List snapshots, oldest first, each checked; exit 1 when any is unusable.")
    static final class ListSnapshots implements Callable<Integer>
    {
        @Parameters(index = "0", description = "data directory")
        Path dir;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call() throws Exception
        {
            final ExchangeDomain domain = new ExchangeDomain();
            final int window = new EngineContext<ExchangeState>().dedupWindow();
            final List<Path> files = new SnapshotStore(dir.resolve("snapshots"), 1).list();
            int bad = 0;
            for (final Path file : files)
            {
                try
                {
                    final SnapshotStore.Loaded<?> loaded = SnapshotStore.read(domain, file, window,
                        FileSegmentStorage.INSTANCE, key.keyring());
                    System.out.printf("%s  sequence %d  hash %016x  %,d bytes  ok%n", file.getFileName(),
                        loaded.lastSequence(), loaded.stateHash(), Files.size(file));
                }
                catch (final Exception ex)
                {
                    bad++;
                    System.out.printf("%s  UNUSABLE: %s%n", file.getFileName(), ex.getMessage());
                }
            }
            System.out.printf("%d snapshots, %d unusable%n", files.size(), bad);
            return bad == 0 ? 0 : 1;
        }
    }
}
