package io.sequent.cli.config;

import io.sequent.codecs.config.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --config FILE}, on every command that reads settings: names the properties file of settings
 * ({@value Settings#CONFIG_FILE_PROP_NAME}) before any context is made, so it ranks where the config file ranks,
 * below system properties and environment variables.
 */
public final class ConfigFileOption
{
    private static final Set<String> GIVEN = ConcurrentHashMap.newKeySet();

    /**
     * @param file the properties file; it must exist.
     */
    @Option(names = "--config", paramLabel = "FILE", converter = ExistingFile.class,
        description = "properties file of settings (sets " + Settings.CONFIG_FILE_PROP_NAME + "): ranked below " +
            "flags, system properties and environment variables, above the defaults")
    public void config(final Path file)
    {
        System.setProperty(Settings.CONFIG_FILE_PROP_NAME, file.toString());
        GIVEN.add(file.toString());
        Settings.reload();
    }

    /**
     * @param configFile the config file in effect, or null.
     * @return whether a {@code --config} flag named it.
     */
    static boolean givenOnCommandLine(final String configFile)
    {
        return configFile != null && GIVEN.contains(configFile);
    }

    /**
     * A config file that is not there is a usage error, not a silent fall back to the defaults.
     */
    public static final class ExistingFile implements CommandLine.ITypeConverter<Path>
    {
        @Override
        public Path convert(final String value)
        {
            final Path file = Path.of(value);
            if (!Files.isRegularFile(file))
            {
                throw new CommandLine.TypeConversionException("no config file at " + file.toAbsolutePath());
            }
            return file;
        }
    }
}
