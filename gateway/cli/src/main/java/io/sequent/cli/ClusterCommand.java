package io.sequent.cli;

import io.aeron.cluster.ClusterTool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code sequent cluster}: operations on a running Sequent cluster through one of its nodes' directories.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Operate a running Sequent cluster.", subcommands = { ClusterCommand.Snapshot.class })
public final class ClusterCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * {@code sequent cluster snapshot --dir NODE}: every node writes a snapshot (the engine's, in the cluster's
     * snapshot, with the consensus module's) at the same log position, as Aeron's {@code ClusterTool snapshot}
     * does; a node restarted later replays the log only from there.
     */
    @Command(name = "snapshot", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
        description = "Ask the cluster for a snapshot on every node, through the leader's directory.")
    public static final class Snapshot implements Callable<Integer>
    {
        @Option(names = "--dir", required = true, paramLabel = "DIR",
            description = "the directory of the leader node (sequent cluster-node --dir)")
        Path dir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call()
        {
            final Path clusterDir = dir.resolve("cluster");
            if (!Files.isDirectory(clusterDir))
            {
                throw new IllegalStateException("no cluster node at " + dir + " (no " + clusterDir + "): give the " +
                    "--dir of a running `sequent cluster-node`");
            }
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final boolean done;
            try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8))
            {
                done = ClusterTool.snapshot(clusterDir.toFile(), out);
            }
            final String said = text.toString(StandardCharsets.UTF_8).trim();
            if (!done)
            {
                throw new IllegalStateException("the cluster took no snapshot: " + said + " (give the leader's " +
                    "directory: its node printed ROLE ... role=LEADER last)");
            }
            spec.commandLine().getOut().println("snapshot taken: " + said);
            return 0;
        }
    }
}
