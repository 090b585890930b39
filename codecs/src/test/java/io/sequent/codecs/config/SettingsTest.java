package io.sequent.codecs.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest
{
    private static final String NAME = "sequent.test.settings.value";

    @AfterEach
    void clear()
    {
        System.clearProperty(NAME);
        System.clearProperty(Settings.CONFIG_FILE_PROP_NAME);
        Settings.reload();
    }

    @Test
    void aSystemPropertyRanksAboveTheConfigFileWhichRanksAboveTheDefault(@TempDir final Path dir) throws IOException
    {
        assertEquals(7, Settings.intValue(NAME, 7));
        assertEquals("default", Settings.source(NAME));

        final Path file = dir.resolve("sequent.properties");
        Files.writeString(file, NAME + "=1_000\n");
        System.setProperty(Settings.CONFIG_FILE_PROP_NAME, file.toString());
        Settings.reload();
        assertEquals(1000, Settings.intValue(NAME, 7));
        assertEquals("config file " + file, Settings.source(NAME));

        System.setProperty(NAME, "42");
        assertEquals(42, Settings.intValue(NAME, 7));
        assertEquals("system property", Settings.source(NAME));
    }

    @Test
    void aMalformedValueNamesTheSettingAndItsSource()
    {
        System.setProperty(NAME, "lots");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Settings.longValue(NAME, 1));
        assertEquals("setting " + NAME + " (system property) must be an integer: 'lots'", ex.getMessage());
        System.setProperty(NAME, "maybe");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.booleanValue(NAME, true))
            .getMessage().contains("must be true or false"));
    }

    @Test
    void aMissingConfigFileIsAClearError(@TempDir final Path dir)
    {
        System.setProperty(Settings.CONFIG_FILE_PROP_NAME, dir.resolve("absent.properties").toString());
        Settings.reload();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Settings.lookup(NAME))
            .getMessage().startsWith("cannot read the configuration file"));
    }

    @Test
    void environmentNamesAreUpperCaseWithUnderscores()
    {
        assertEquals("SEQUENT_JOURNAL_DURABILITY", Settings.environmentName("sequent.journal.durability"));
        assertEquals("SEQUENT_WAIT_STRATEGY", Settings.environmentName("sequent.wait-strategy"));
        assertNull(Settings.lookup("sequent.test.settings.never.set"));
    }
}
