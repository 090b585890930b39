package io.sequent.cli;

import io.sequent.codecs.config.Settings;
import io.sequent.engine.EngineConfiguration;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/**
 * The data directory, given the same way to every command: {@code --dir DIR}, else the setting
 * {@code sequent.dir} (system property, environment, config file), else {@code data}. The directory as a plain
 * argument, as the tools once took it, still works and says it is deprecated.
 */
public final class DataDirOption
{
    @Option(names = "--dir", paramLabel = "DIR",
        description = "data directory (setting sequent.dir, default " + EngineConfiguration.DIR_DEFAULT + ")")
    Path dir;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
        description = "the data directory as an argument: deprecated, use --dir DIR")
    Path positional;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /**
     * @return the data directory: --dir, the deprecated argument, or the setting.
     * @throws CommandLine.ParameterException when both forms name different directories.
     */
    public Path resolve()
    {
        final Path given = given();
        return given != null ? given : Path.of(Settings.string(EngineConfiguration.DIR_PROP_NAME,
            EngineConfiguration.DIR_DEFAULT));
    }

    /**
     * @param what what the directory is for, for the message.
     * @return the data directory given with --dir or as the argument.
     * @throws CommandLine.ParameterException when none was given (this command has no default).
     */
    public Path required(final String what)
    {
        final Path given = given();
        if (given == null)
        {
            throw new CommandLine.ParameterException(mixee.commandLine(), "give " + what + " with --dir DIR");
        }
        return given;
    }

    private Path given()
    {
        if (positional != null && dir != null && !positional.equals(dir))
        {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                "two data directories: --dir " + dir + " and the argument " + positional + "; give one, with --dir");
        }
        if (positional != null && dir == null)
        {
            mixee.commandLine().getErr().println("sequent: note: the data directory as an argument is deprecated: " +
                "use --dir " + positional);
            mixee.commandLine().getErr().flush();
        }
        return dir != null ? dir : positional;
    }
}
