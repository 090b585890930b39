package io.sequent.cli;

import io.sequent.cli.config.ServerSetting;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * README's settings table is what the server does: one row per setting {@code sequent server} reads, in its
 * banner's order, with its environment variable, its flag, its default and its meaning, as {@link ServerSetting}
 * has them. On a change, the message prints the table to paste.
 */
class ReadmeSettingsTableTest
{
    static String row(final ServerSetting setting)
    {
        return "| `" + setting.propertyName() + "` | `" + setting.environmentName() + "` | " +
            (setting.flag() == null ? "" : "`" + setting.flag() + "`") + " | `" + setting.defaultText() + "` | " +
            setting.meaning() + " |";
    }

    @Test
    void readmeListsEverySettingWithItsDefaultAndEnvironmentName() throws IOException
    {
        final StringBuilder expected = new StringBuilder("| property | environment | flag | default | meaning |\n" +
            "| --- | --- | --- | --- | --- |\n");
        for (final ServerSetting setting : ServerSetting.values())
        {
            expected.append(row(setting)).append('\n');
        }
        final List<String> readme = Files.readAllLines(Path.of("../../README.md"));
        final int start = readme.indexOf("| property | environment | flag | default | meaning |");
        final String actual = start < 0 ? "" : String.join("\n",
            readme.subList(start, Math.min(readme.size(), start + ServerSetting.values().length + 2))) + "\n";
        assertEquals(expected.toString(), actual, "README.md's Configuration table, to paste:\n" + expected);
    }
}
