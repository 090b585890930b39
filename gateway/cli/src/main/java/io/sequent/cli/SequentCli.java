package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code sequent} command line: run a server, or the demo (server plus a client workload), and the tools.
 * <p>
 * One convention for every command: the data directory is {@code --dir DIR} (setting {@code sequent.dir}); a
 * flag overrides a setting only when it is given, and a setting comes from a system property, an environment
 * variable or the config file ({@code --config FILE}) in that order; a usage error exits 2 with a message, a
 * failure exits 1; {@code -V} works everywhere; the commands that print tables take {@code --json}.
 */
@Command(
    name = "sequent",
    mixinStandardHelpOptions = true,
    versionProvider = SequentVersion.class,
    description = "Single-writer, event-sourced, in-memory engine over Aeron.",
    subcommands = { ServerCommand.class, DemoCommand.class, ThroughputCommand.class, JournalCommand.class,
        ReplayCommand.class, SnapshotCommand.class, ProjectionsCommand.class, SnapshotLatencyCommand.class,
        RecoveryBenchCommand.class, StatCommand.class, BenchCommand.class, CredentialsCommand.class,
        ClusterNodeCommand.class, ClusterCommand.class })
public final class SequentCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private ConfigFileOption config;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // What the launcher passes with -D, for `java -jar` too: Chronicle phones home and announces itself otherwise.
        System.setProperty("chronicle.analytics.disable", System.getProperty("chronicle.analytics.disable", "true"));
        System.setProperty("chronicle.announcer.disable", System.getProperty("chronicle.announcer.disable", "true"));
        System.exit(newCommandLine().execute(args));
    }

    /**
     * @return the command line as {@code main} runs it: a failure is a one-line message for the operator and exit
     *         code 1, not a stack trace; a usage error is picocli's message and exit code 2.
     */
    public static CommandLine newCommandLine()
    {
        return new CommandLine(new SequentCli())
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println("sequent: " + ex.getMessage());
                commandLine.getErr().flush();
                return 1;
            });
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
