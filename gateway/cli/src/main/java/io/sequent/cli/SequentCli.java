package io.sequent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sequent} command line: run a server, or the demo (server plus a client workload).
 */
@Command(
    name = "sequent",
    mixinStandardHelpOptions = true,
    version = "sequent 0.1.0",
    description = "Single-writer, event-sourced, in-memory engine over Aeron.",
    subcommands = { ServerCommand.class, DemoCommand.class, ThroughputCommand.class, JournalCommand.class,
        ReplayCommand.class, SnapshotCommand.class, ProjectionsCommand.class, SnapshotLatencyCommand.class,
        RecoveryBenchCommand.class, StatCommand.class, BenchCommand.class, CredentialsCommand.class })
public final class SequentCli implements Runnable
{
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // What the launcher passes with -D, for `java -jar` too: Chronicle phones home and announces itself otherwise.
        System.setProperty("chronicle.analytics.disable", System.getProperty("chronicle.analytics.disable", "true"));
        System.setProperty("chronicle.announcer.disable", System.getProperty("chronicle.announcer.disable", "true"));
        // A startup error is a message for the operator, not a stack trace.
        System.exit(new CommandLine(new SequentCli())
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
            {
                commandLine.getErr().println("sequent: " + ex.getMessage());
                return 1;
            })
            .execute(args));
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
