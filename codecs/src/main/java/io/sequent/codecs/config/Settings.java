package io.sequent.codecs.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Where every setting of Sequent comes from, in one order for every component, client and server:
 * <ol>
 * <li>the code that builds a {@code Context} (a command-line flag sets it there), then</li>
 * <li>a system property ({@code -Dsequent.journal.durability=batch}), then</li>
 * <li>an environment variable of the same name in upper case, dots and dashes as underscores
 *     ({@code SEQUENT_JOURNAL_DURABILITY=batch}), then</li>
 * <li>the configuration file, a properties file named by {@value #CONFIG_FILE_PROP_NAME} (or
 *     {@code SEQUENT_CONFIG_FILE}), then</li>
 * <li>the setting's default.</li>
 * </ol>
 * Contexts read their settings through here when they are made, so a value given in code always wins.
 */
public final class Settings
{
    /** Names a properties file of settings, the lowest-ranked source before the defaults. */
    public static final String CONFIG_FILE_PROP_NAME = "sequent.config.file";

    private static volatile Properties fileProperties;
    private static volatile Path loadedFile;

    private Settings()
    {
    }

    /**
     * @param name a setting, e.g. {@code sequent.journal.durability}.
     * @return the environment variable that sets it, e.g. {@code SEQUENT_JOURNAL_DURABILITY}.
     */
    public static String environmentName(final String name)
    {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * @param name a setting.
     * @return its value from the highest-ranked source that has it, or null when none has.
     */
    public static String lookup(final String name)
    {
        final String property = System.getProperty(name);
        if (property != null)
        {
            return property;
        }
        final String env = environment().get(environmentName(name));
        if (env != null)
        {
            return env;
        }
        return file().getProperty(name);
    }

    /**
     * @param name a setting.
     * @return where its value comes from: "system property", "environment NAME", "config file PATH" or "default".
     */
    public static String source(final String name)
    {
        if (System.getProperty(name) != null)
        {
            return "system property";
        }
        if (environment().get(environmentName(name)) != null)
        {
            return "environment " + environmentName(name);
        }
        if (file().getProperty(name) != null)
        {
            return "config file " + loadedFile;
        }
        return "default";
    }

    /**
     * @param name         a setting.
     * @param defaultValue when no source has it.
     * @return its value.
     */
    public static String string(final String name, final String defaultValue)
    {
        final String value = lookup(name);
        return value != null ? value.trim() : defaultValue;
    }

    /**
     * @param name         a setting.
     * @param defaultValue when no source has it.
     * @return its value.
     * @throws IllegalArgumentException naming the setting and its source when the value is not an integer.
     */
    public static int intValue(final String name, final int defaultValue)
    {
        final long value = longValue(name, defaultValue);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw malformed(name, "an int");
        }
        return (int)value;
    }

    /**
     * @param name         a setting.
     * @param defaultValue when no source has it.
     * @return its value; {@code _} separators are allowed ({@code 1_000_000}).
     * @throws IllegalArgumentException naming the setting and its source when the value is not an integer.
     */
    public static long longValue(final String name, final long defaultValue)
    {
        final String value = lookup(name);
        if (value == null)
        {
            return defaultValue;
        }
        try
        {
            return Long.parseLong(value.trim().replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(name, "an integer");
        }
    }

    /**
     * @param name         a setting.
     * @param defaultValue when no source has it.
     * @return its value.
     * @throws IllegalArgumentException naming the setting and its source unless the value is true or false.
     */
    public static boolean booleanValue(final String name, final boolean defaultValue)
    {
        final String value = lookup(name);
        if (value == null)
        {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw malformed(name, "true or false");
        };
    }

    private static IllegalArgumentException malformed(final String name, final String expected)
    {
        return new IllegalArgumentException("setting " + name + " (" + source(name) + ") must be " + expected +
            ": '" + lookup(name) + "'");
    }

    /**
     * Forgets the configuration file read so far, so the next lookup reads it again (tests, and a command line
     * that has just set {@value #CONFIG_FILE_PROP_NAME}).
     */
    public static void reload()
    {
        fileProperties = null;
    }

    private static Map<String, String> environment()
    {
        return System.getenv();
    }

    private static Properties file()
    {
        Properties properties = fileProperties;
        if (properties == null)
        {
            properties = new Properties();
            final String name = System.getProperty(CONFIG_FILE_PROP_NAME,
                System.getenv(environmentName(CONFIG_FILE_PROP_NAME)));
            if (name != null)
            {
                final Path path = Path.of(name);
                try (Reader reader = Files.newBufferedReader(path))
                {
                    properties.load(reader);
                }
                catch (final IOException ex)
                {
                    throw new IllegalArgumentException("cannot read the configuration file " + path.toAbsolutePath() +
                        " (" + CONFIG_FILE_PROP_NAME + "): " + ex.getMessage(), ex);
                }
                loadedFile = path;
            }
            fileProperties = properties;
        }
        return properties;
    }
}
