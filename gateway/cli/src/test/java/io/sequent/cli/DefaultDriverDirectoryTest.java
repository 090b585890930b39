package io.sequent.cli;

import io.aeron.driver.MediaDriver;
import io.sequent.auth.Credentials;
import io.sequent.cli.config.ServerConfigurator;
import io.sequent.cli.config.ServerFlags;
import io.sequent.codecs.config.DefaultAeronDirectory;
import io.sequent.exchange.ExchangeModule;
import io.sequent.gateway.EmbeddedDriver;
import io.sequent.gateway.SequentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * A server started with no driver directory takes the stable default one, where {@code sequent stat} with no
 * arguments finds it; a second server is refused that directory while the first runs.
 */
class DefaultDriverDirectoryTest
{
    @TempDir
    Path dir;

    @Test
    void statWithNoArgumentsFindsTheServerOnTheDefaultDirectory() throws Exception
    {
        final String defaultDir = EmbeddedDriver.defaultDirectory();
        assumeFalse(Files.exists(Path.of(defaultDir, DefaultAeronDirectory.CNC_FILE)),
            "a server of this user already runs on " + defaultDir);
        Credentials.addToFile(dir.resolve(CredentialsCommand.DEFAULT_FILE), 1);
        final ServerConfigurator configurator = new ServerConfigurator(
            new ServerFlags(dir, "aeron:udp?endpoint=localhost:0", null, null, null));
        try (SequentServer server = SequentServer.launch(configurator.newContext(new ExchangeModule())))
        {
            assertEquals(defaultDir, server.aeronDirectoryName());
            final CliRun stat = CliRun.run("stat", "--count", "1");
            assertEquals(0, stat.exit(), stat.toString());
            assertTrue(stat.out().contains(defaultDir) && stat.out().contains("sequent: commands received"),
                stat.out());

            final IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> EmbeddedDriver.launch(defaultDir));
            assertTrue(refused.getMessage().startsWith("a media driver is already running in " + defaultDir),
                refused.getMessage());
        }
        assertTrue(Files.notExists(Path.of(defaultDir, DefaultAeronDirectory.CNC_FILE)), "cleaned at close");
    }

    @Test
    void statWithNoDriverNamesTheDirectoryItLookedIn()
    {
        final String missing = dir.resolve("no-driver").toString();
        System.setProperty("aeron.dir", missing);
        try
        {
            final CliRun stat = CliRun.run("stat", "--count", "1");
            assertEquals(1, stat.exit(), stat.toString());
            assertTrue(stat.err().contains("no media driver at " + missing), stat.err());
        }
        finally
        {
            System.clearProperty("aeron.dir");
        }
    }

    @Test
    void aDirectoryLeftByAStoppedDriverIsReused()
    {
        final String unique = EmbeddedDriver.uniqueDirectory();
        try (MediaDriver first = EmbeddedDriver.launch(unique))
        {
            assertThrows(IllegalStateException.class, () -> EmbeddedDriver.launch(unique));
        }
        try (MediaDriver again = EmbeddedDriver.launch(unique))
        {
            assertEquals(unique, again.aeronDirectoryName());
        }
    }
}
