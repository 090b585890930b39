package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.output.JsonWriter;
import io.sequent.engine.EngineContext;
import io.sequent.engine.snapshot.SnapshotStore;
import io.sequent.exchange.domain.ExchangeDomain;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.journal.storage.FileSegmentStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequent snapshot list --dir DIR}: the snapshots of a data directory, each checked whole (CRC, schema, state
 * hash).
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Snapshots of a data directory.", subcommands = { SnapshotCommand.ListSnapshots.class })
public final class SnapshotCommand
{
    /**
     * @param dataDir a data directory.
     * @return its snapshot directory (which may not exist yet: a server that has taken none).
     * @throws IllegalStateException when the path is no data directory at all, as the journal commands refuse one.
     */
    static Path snapshotDir(final Path dataDir)
    {
        final Path snapshots = dataDir.resolve("snapshots");
        if (!Files.isDirectory(snapshots) && !Files.isDirectory(dataDir.resolve("journal")))
        {
            throw new IllegalStateException("no data directory at " + dataDir + " (neither snapshots/ nor " +
                "journal/ in it): give a server's data directory with --dir");
        }
        return snapshots;
    }

    /**
     * {@code sequent snapshot list --dir DIR [--json]}.
     */
    @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "List snapshots, oldest first, each checked; exit 1 when any is unusable.")
    static final class ListSnapshots implements Callable<Integer>
    {
        @Mixin
        DataDirOption data;

        @Mixin
        ConfigFileOption config;

        @Option(names = "--json", description = "one JSON document instead of the lines")
        boolean json;

        @Mixin
        KeyFileOption key;

        @Override
        public Integer call() throws Exception
        {
            final ExchangeDomain domain = new ExchangeDomain();
            final int window = new EngineContext<ExchangeState>().dedupWindow();
            final List<Path> files = new SnapshotStore(snapshotDir(data.resolve()), 1).list();
            final JsonWriter out = new JsonWriter().beginObject().name("snapshots").beginArray();
            int bad = 0;
            for (final Path file : files)
            {
                out.beginObject().member("file", file.getFileName().toString()).member("bytes", Files.size(file));
                try
                {
                    final SnapshotStore.Loaded<?> loaded = SnapshotStore.read(domain, file, window,
                        FileSegmentStorage.INSTANCE, key.keyring());
                    out.member("sequence", loaded.lastSequence())
                        .member("hash", String.format("%016x", loaded.stateHash())).member("ok", true);
                    text(String.format("%s  sequence %d  hash %016x  %,d bytes  ok", file.getFileName(),
                        loaded.lastSequence(), loaded.stateHash(), Files.size(file)));
                }
                catch (final Exception ex)
                {
                    bad++;
                    out.member("ok", false).member("error", ex.getMessage());
                    text(String.format("%s  UNUSABLE: %s", file.getFileName(), ex.getMessage()));
                }
                out.endObject();
            }
            text(String.format("%d snapshots, %d unusable", files.size(), bad));
            if (json)
            {
                System.out.println(out.endArray().member("count", files.size()).member("unusable", bad).endObject());
            }
            return bad == 0 ? 0 : 1;
        }

        private void text(final String line)
        {
            if (!json)
            {
                System.out.println(line);
            }
        }
    }
}
