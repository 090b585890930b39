package io.sequent.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.sequent.auth.Credentials;
import io.sequent.codecs.config.Configuration;
import io.sequent.engine.Engine;
import io.sequent.engine.EngineConfiguration;
import io.sequent.engine.EngineContext;
import io.sequent.exchange.api.ExchangeCommands;
import io.sequent.exchange.ExchangeModule;
import io.sequent.exchange.domain.ExchangeState;
import io.sequent.engine.consumer.OutcomeHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every command has in common, and the operator commands' small behaviours: usage errors exit 2 with a
 * message, {@code -V} everywhere, one data directory option, {@code --json} that parses.
 */
class CliConventionsTest
{
    @TempDir
    Path dir;

    private static List<CommandLine> allCommands(final CommandLine root)
    {
        final List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (final CommandLine sub : root.getSubcommands().values())
        {
            all.addAll(allCommands(sub));
        }
        return all;
    }

    @Test
    void everyCommandAndSubcommandPrintsTheVersion()
    {
        final List<CommandLine> commands = allCommands(SequentCli.newCommandLine());
        assertTrue(commands.size() > 15, "the commands and their subcommands: " + commands.size());
        for (final CommandLine command : commands)
        {
            final List<String> path = new ArrayList<>();
            for (CommandLine at = command; at.getParent() != null; at = at.getParent())
            {
                path.add(0, at.getCommandName());
            }
            path.add("-V");
            final CliRun run = CliRun.run(path.toArray(new String[0]));
            assertEquals(0, run.exit(), path + ": " + run);
            assertTrue(run.out().startsWith("sequent " + SequentVersion.VERSION), path + ": " + run.out());
        }
    }

    @Test
    void theServersHelpGivesTheDefaultsOfTheSettingsItsFlagsOverride()
    {
        final CliRun help = CliRun.run("server", "--help");
        assertEquals(0, help.exit(), help.toString());
        // Picocli wraps long words at dots and colons: compare without white space.
        final String text = help.out().replaceAll("\\s+", "");
        assertTrue(text.contains("settingsequent.dir,default" + EngineConfiguration.DIR_DEFAULT), text);
        assertTrue(text.contains("settingsequent.journal.durability,default" +
            EngineConfiguration.JOURNAL_DURABILITY_DEFAULT), text);
        assertTrue(text.contains("default" + Configuration.INGRESS_CHANNEL_DEFAULT), text);
    }

    @Test
    void anEmptyInspectRangeIsAUsageError() throws Exception
    {
        journal(dir);
        final CliRun run = CliRun.run("journal", "inspect", "--dir", dir.toString(), "--from", "200", "--to", "100");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("--from 200 --to 100 is an empty range"), run.err());
        assertEquals("", run.out().trim());
    }

    @Test
    void snapshotListOnAMissingDirectoryFailsAsTheJournalCommandsDo()
    {
        final Path missing = dir.resolve("not-there");
        final CliRun snapshots = CliRun.run("snapshot", "list", "--dir", missing.toString());
        assertEquals(1, snapshots.exit(), snapshots.toString());
        assertTrue(snapshots.err().contains("sequent: no data directory at " + missing), snapshots.err());
        final CliRun journal = CliRun.run("journal", "verify", "--dir", missing.toString());
        assertEquals(1, journal.exit(), journal.toString());
        assertTrue(journal.err().contains("sequent: no journal at " + missing), journal.err());
    }

    @Test
    void theDataDirectoryAsAnArgumentStillWorksAndSaysItIsDeprecated() throws Exception
    {
        journal(dir);
        final CliRun old = CliRun.run("journal", "verify", dir.toString());
        assertEquals(0, old.exit(), old.toString());
        assertTrue(old.out().contains("last sequence 2"), old.out());
        assertTrue(old.err().contains("deprecated: use --dir " + dir), old.err());

        final CliRun both = CliRun.run("journal", "verify", "--dir", dir.toString(), dir.resolve("other").toString());
        assertEquals(2, both.exit(), both.toString());
        assertTrue(both.err().contains("two data directories"), both.err());
    }

    @Test
    void theDataDirectoryDefaultsToTheSetting() throws Exception
    {
        journal(dir);
        System.setProperty("sequent.dir", dir.toString());
        try
        {
            final CliRun run = CliRun.run("journal", "verify");
            assertEquals(0, run.exit(), run.toString());
            assertTrue(run.out().contains("last sequence 2"), run.out());
        }
        finally
        {
            System.clearProperty("sequent.dir");
        }
    }

    @Test
    void credentialsAreAddedListedRotatedAndRemoved() throws Exception
    {
        final Path file = dir.resolve("credentials");
        final CliRun negative = CliRun.run("credentials", "add", "--file", file.toString(), "--client", "-3");
        assertEquals(2, negative.exit(), negative.toString());
        assertTrue(negative.err().contains("--client -3: a client id is a positive number"), negative.err());
        assertFalse(Files.exists(file), "nothing written for a refused id");
        assertEquals(2, CliRun.run("credentials", "add", "--file", file.toString(), "--client", "0").exit());

        final CliRun added = CliRun.run("credentials", "add", "--file", file.toString(), "--client", "7");
        assertEquals(0, added.exit(), added.toString());
        assertEquals(0, CliRun.run("credentials", "add", "--file", file.toString(), "--client", "8").exit());
        final byte[] first = Credentials.load(file).secret(8);

        final CliRun list = CliRun.run("credentials", "list", "--file", file.toString(), "--json");
        assertEquals(0, list.exit(), list.toString());
        final JsonArray ids = list.json().getAsJsonArray("clients");
        assertEquals(2, ids.size());
        assertEquals(7, ids.get(0).getAsLong());
        assertEquals(8, ids.get(1).getAsLong());
        assertFalse(list.out().contains(HexFormat.of().formatHex(first)), "list never shows secrets");

        final CliRun rotated = CliRun.run("credentials", "rotate", "--file", file.toString(), "--client", "8");
        assertEquals(0, rotated.exit(), rotated.toString());
        final String line = rotated.out().lines().filter(l -> l.startsWith("8=")).findFirst().orElseThrow();
        final byte[] second = Credentials.load(file).secret(8);
        assertArrayEquals(HexFormat.of().parseHex(line.substring(2)), second);
        assertNotEquals(HexFormat.of().formatHex(first), HexFormat.of().formatHex(second));

        final CliRun removed = CliRun.run("credentials", "remove", "--file", file.toString(), "--client", "7");
        assertEquals(0, removed.exit(), removed.toString());
        assertEquals(null, Credentials.load(file).secret(7));
        assertArrayEquals(second, Credentials.load(file).secret(8));
        final CliRun text = CliRun.run("credentials", "list", "--file", file.toString());
        assertTrue(text.out().startsWith("8\n1 client(s)"), text.out());

        final CliRun absent = CliRun.run("credentials", "remove", "--file", file.toString(), "--client", "9");
        assertEquals(1, absent.exit(), absent.toString());
        assertTrue(absent.err().contains("client 9 is not in"), absent.err());
        assertEquals(1, CliRun.run("credentials", "rotate", "--file", file.toString(), "--client", "9").exit());
        final CliRun noFile = CliRun.run("credentials", "list", "--file", dir.resolve("none").toString());
        assertEquals(1, noFile.exit(), noFile.toString());
        assertTrue(noFile.err().contains("no credentials file at"), noFile.err());
    }

    @Test
    void credentialsLiveInTheDataDirectoryWhereTheServerLooks()
    {
        final CliRun added = CliRun.run("credentials", "add", "--dir", dir.toString(), "--client", "3");
        assertEquals(0, added.exit(), added.toString());
        assertTrue(Files.isRegularFile(dir.resolve("credentials")));
        final CliRun config = CliRun.run("server", "--print-config", "--json", "--dir", dir.toString());
        assertEquals(dir.resolve("credentials").toString(), config.json().getAsJsonObject("settings")
            .getAsJsonObject("sequent.auth.file").get("value").getAsString());
    }

    @Test
    void aWarmUpIsACountOrATime()
    {
        final Warmup.Converter converter = new Warmup.Converter();
        assertEquals(50_000, converter.convert("50_000").commandsAt(0));
        assertEquals(20_000, converter.convert("2s").commandsAt(10_000));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms").durationAt(1));
        assertEquals(Duration.ofSeconds(5), converter.convert("5000").durationAt(1_000));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("2s").commandsAt(0));

        final CliRun run = CliRun.run("throughput", "--warmup", "2s", "--commands", "1000");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().contains("needs a fixed --rate"), run.err());
    }

    @Test
    void journalVerifySnapshotListAndReplaySpeakJson() throws Exception
    {
        journal(dir);
        final CliRun verify = CliRun.run("journal", "verify", "--dir", dir.toString(), "--json");
        assertEquals(0, verify.exit(), verify.toString());
        final JsonObject journal = verify.json();
        assertTrue(journal.get("ok").getAsBoolean());
        assertEquals(2, journal.get("lastSequence").getAsLong());
        assertEquals(2, journal.get("frames").getAsLong());
        assertEquals(1, journal.getAsJsonArray("segments").size());
        assertEquals(1, journal.getAsJsonArray("segments").get(0).getAsJsonObject().get("firstSequence").getAsLong());

        final CliRun snapshots = CliRun.run("snapshot", "list", "--dir", dir.toString(), "--json");
        assertEquals(0, snapshots.exit(), snapshots.toString());
        final JsonObject list = snapshots.json();
        assertTrue(list.get("count").getAsInt() >= 1, snapshots.out());
        assertEquals(0, list.get("unusable").getAsInt());
        for (final var snapshot : list.getAsJsonArray("snapshots"))
        {
            assertTrue(snapshot.getAsJsonObject().get("ok").getAsBoolean(), snapshot.toString());
        }

        final CliRun replay = CliRun.run("replay", "--dir", dir.toString(), "--json");
        assertEquals(0, replay.exit(), replay.toString());
        assertEquals(2, replay.json().get("sequence").getAsLong());
        assertEquals(1, replay.json().get("accounts").getAsInt());
    }

    @Test
    void projectionsRebuildReportsItsSteps() throws Exception
    {
        journal(dir);
        final CliRun run = CliRun.run("projections", "rebuild", "--dir", dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.err().contains("checking that no server holds"), run.err());
        assertTrue(run.err().contains("rebuilt up to sequence 2"), run.err());
        assertTrue(run.out().startsWith("projections rebuilt from the journal, up to sequence 2"), run.out());
    }

    /** A journal of one command (its event and its record), with a snapshot after it. */
    private static void journal(final Path dataDir)
    {
        final ExchangeCommands commands = new ExchangeCommands();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final long[] outcomes = { 0 };
        final OutcomeHandler count =
            (session, correlation, sequence, timestamp, reason, detail, duplicate) -> ++outcomes[0] > 0;
        try (Engine<ExchangeState> engine = Engine.launch(new EngineContext<ExchangeState>().dataDir(dataDir)
            .module(new ExchangeModule()).snapshotEveryEvents(1)))
        {
            final int length = commands.openAccount(buffer, 0, 7);
            while (engine.offer(1, 1, buffer, 0, length) < 0)
            {
                engine.responder().poll(count);
            }
            while (outcomes[0] < 1)
            {
                engine.responder().poll(count);
            }
        }
    }
}
