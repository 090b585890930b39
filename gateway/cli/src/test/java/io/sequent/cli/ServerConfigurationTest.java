package io.sequent.cli;

import com.google.gson.JsonObject;
import io.sequent.cli.config.EffectiveConfiguration;
import io.sequent.cli.config.ServerSetting;
import io.sequent.codecs.config.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One precedence for every setting of {@code sequent server}: a flag when given, then a system property, then an
 * environment variable, then the config file, then the default; and the effective configuration says which gave
 * each value. Checked through {@code sequent server --print-config --json}, which builds the context exactly as a
 * start does, then stops.
 */
class ServerConfigurationTest
{
    /** For each setting, a value other than its default as an operator would write it, and as it is printed. */
    private static final Map<ServerSetting, String[]> SAMPLES = new EnumMap<>(ServerSetting.class);

    static
    {
        sample(ServerSetting.DIR, "/tmp/sequent-elsewhere");
        sample(ServerSetting.INGRESS_CHANNEL, "aeron:udp?endpoint=localhost:40999");
        sample(ServerSetting.INGRESS_STREAM, "11");
        sample(ServerSetting.AERON_DIR, "/tmp/sequent-some-driver");
        sample(ServerSetting.EMBEDDED_DRIVER, "false");
        sample(ServerSetting.AUTH_FILE, "/tmp/sequent-some-credentials");
        sample(ServerSetting.SESSIONS_MAX, "8");
        sample(ServerSetting.SESSION_TIMEOUT_MS, "2000");
        sample(ServerSetting.HANDSHAKE_TIMEOUT_MS, "1000");
        sample(ServerSetting.IDLE_STRATEGY, "yielding");
        sample(ServerSetting.THREADING_MODE, "DEDICATED", "dedicated");
        sample(ServerSetting.SEQUENCER_IDLE_STRATEGY, "sleeping");
        sample(ServerSetting.JOURNALER_IDLE_STRATEGY, "sleeping");
        sample(ServerSetting.READ_SIDE_IDLE_STRATEGY, "sleeping");
        sample(ServerSetting.SHARED_IDLE_STRATEGY, "yielding");
        sample(ServerSetting.COMMAND_RING_SIZE, "1024");
        sample(ServerSetting.EVENT_RING_SIZE, "8192");
        sample(ServerSetting.COMMAND_MAX_LENGTH, "512");
        sample(ServerSetting.EVENT_SLOT_CAPACITY, "2048");
        sample(ServerSetting.COMMAND_MAX_SLOTS, "16");
        sample(ServerSetting.JOURNAL_SEGMENT_LENGTH, "1048576");
        sample(ServerSetting.JOURNAL_DURABILITY, "BATCH", "batch");
        sample(ServerSetting.JOURNAL_SYNC_INTERVAL_MS, "5");
        sample(ServerSetting.JOURNAL_RETENTION, "archive");
        sample(ServerSetting.SNAPSHOT_EVERY_EVENTS, "500");
        sample(ServerSetting.SNAPSHOT_INTERVAL_MS, "250");
        sample(ServerSetting.SNAPSHOTS_KEPT, "5");
        sample(ServerSetting.DEDUP_WINDOW, "1024");
        sample(ServerSetting.HTTP_PORT, "8088");
        sample(ServerSetting.HTTP_HOST, "0.0.0.0");
        sample(ServerSetting.HTTP_MAX_BODY_BYTES, "4096");
        sample(ServerSetting.HTTP_WAIT_MAX_MS, "250");
        sample(ServerSetting.HTTP_COMMAND_TIMEOUT_MS, "3000");
        sample(ServerSetting.HTTP_SIGNATURE_SKEW_MS, "5000");
        sample(ServerSetting.HTTP_READY_MAX_LAG, "100");
        sample(ServerSetting.HTTP_WORKER_THREADS, "2");
    }

    @TempDir
    Path dir;

    private static void sample(final ServerSetting setting, final String value)
    {
        sample(setting, value, value);
    }

    private static void sample(final ServerSetting setting, final String written, final String printed)
    {
        SAMPLES.put(setting, new String[]{ written, printed });
    }

    @AfterEach
    void clearProperties()
    {
        for (final ServerSetting setting : ServerSetting.values())
        {
            System.clearProperty(setting.propertyName());
        }
        Settings.reload();
    }

    private static JsonObject settings(final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("server", "--print-config", "--json"));
        command.addAll(List.of(args));
        final CliRun run = CliRun.run(command.toArray(new String[0]));
        assertEquals(0, run.exit(), run.toString());
        return run.json().getAsJsonObject("settings");
    }

    private static String value(final JsonObject settings, final ServerSetting setting)
    {
        final JsonObject row = settings.getAsJsonObject(setting.propertyName());
        assertNotNull(row, setting.propertyName() + " in " + settings);
        return row.get("value").isJsonNull() ? null : row.get("value").getAsString();
    }

    private static String source(final JsonObject settings, final ServerSetting setting)
    {
        return settings.getAsJsonObject(setting.propertyName()).get("source").getAsString();
    }

    @Test
    void everySettingHasASampleHere()
    {
        final Set<ServerSetting> missing = EnumSet.allOf(ServerSetting.class);
        missing.removeAll(SAMPLES.keySet());
        missing.remove(ServerSetting.CONFIG_FILE);
        assertTrue(missing.isEmpty(), "add a sample value for " + missing);
    }

    @ParameterizedTest
    @EnumSource(value = ServerSetting.class, names = "CONFIG_FILE", mode = EnumSource.Mode.EXCLUDE)
    void aSystemPropertySetsTheSettingAndIsNamedAsItsSource(final ServerSetting setting)
    {
        final String[] sample = SAMPLES.get(setting);
        System.setProperty(setting.propertyName(), sample[0]);
        final JsonObject settings = settings();
        assertEquals(sample[1], value(settings, setting), setting.propertyName());
        assertEquals("system property", source(settings, setting), setting.propertyName());
        // The others keep their defaults.
        for (final ServerSetting other : ServerSetting.values())
        {
            if (other != setting && other != ServerSetting.AUTH_FILE && other != ServerSetting.CONFIG_FILE)
            {
                assertEquals("default", source(settings, other), other.propertyName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerSetting.class, names = "CONFIG_FILE", mode = EnumSource.Mode.EXCLUDE)
    void theConfigFileSetsTheSettingBelowASystemProperty(final ServerSetting setting) throws IOException
    {
        final String[] sample = SAMPLES.get(setting);
        final Path file = dir.resolve("sequent.properties");
        Files.writeString(file, setting.propertyName() + "=" + sample[0] + "\n");
        final JsonObject fromFile = settings("--config", file.toString());
        assertEquals(sample[1], value(fromFile, setting), setting.propertyName());
        assertEquals("config file " + file, source(fromFile, setting), setting.propertyName());
        assertEquals(file.toString(), value(fromFile, ServerSetting.CONFIG_FILE));
        assertEquals("flag --config", source(fromFile, ServerSetting.CONFIG_FILE));

        final String defaultValue = value(settings(), setting);
        System.setProperty(setting.propertyName(), defaultValue == null ? "" : defaultValue);
        if (defaultValue != null && !defaultValue.isEmpty())
        {
            final JsonObject both = settings("--config", file.toString());
            assertEquals(defaultValue, value(both, setting), "a system property ranks above the config file");
            assertEquals("system property", source(both, setting));
        }
    }

    @ParameterizedTest
    @EnumSource(value = ServerSetting.class, names = { "DIR", "INGRESS_CHANNEL", "AERON_DIR", "AUTH_FILE",
        "JOURNAL_DURABILITY", "HTTP_PORT" })
    void aFlagBeatsTheSystemPropertyAndOnlyWhenGiven(final ServerSetting setting)
    {
        System.setProperty(setting.propertyName(), SAMPLES.get(setting)[0]);
        final String flagValue = setting == ServerSetting.JOURNAL_DURABILITY ? "Interval" :
            setting == ServerSetting.INGRESS_CHANNEL ? "aeron:ipc" : setting == ServerSetting.HTTP_PORT ? "9090" :
            dir.resolve("from-flag").toString();
        final JsonObject flagged = settings(setting.flag(), flagValue);
        assertEquals(setting == ServerSetting.JOURNAL_DURABILITY ? "interval" : flagValue, value(flagged, setting));
        assertEquals("flag " + setting.flag(), source(flagged, setting));

        final JsonObject unflagged = settings();
        assertEquals(SAMPLES.get(setting)[1], value(unflagged, setting), "no flag: the property holds");
        assertEquals("system property", source(unflagged, setting));
    }

    @Test
    void withNothingSetEveryValueIsItsDefault()
    {
        final JsonObject settings = settings();
        for (final ServerSetting setting : ServerSetting.values())
        {
            assertEquals("default", source(settings, setting), setting.propertyName());
        }
        // The defaults that are values (not rules) are printed as README and the help give them.
        for (final ServerSetting setting : ServerSetting.values())
        {
            if (setting != ServerSetting.CONFIG_FILE && setting != ServerSetting.AERON_DIR &&
                setting != ServerSetting.AUTH_FILE && setting != ServerSetting.THREADING_MODE)
            {
                assertEquals(setting.defaultText(), value(settings, setting), setting.propertyName());
            }
        }
        assertEquals(Path.of("data", "credentials").toString(), value(settings, ServerSetting.AUTH_FILE));
        assertTrue(value(settings, ServerSetting.AERON_DIR).endsWith("/sequent-" +
            System.getProperty("user.name")), value(settings, ServerSetting.AERON_DIR));
    }

    @Test
    void theAuthFileFollowsTheDataDirectoryUnlessSet()
    {
        final Path data = dir.resolve("node");
        assertEquals(data.resolve("credentials").toString(),
            value(settings("--dir", data.toString()), ServerSetting.AUTH_FILE));
    }

    @Test
    void theTextBannerHasALinePerSettingWithItsSource()
    {
        System.setProperty(ServerSetting.JOURNAL_DURABILITY.propertyName(), "batch");
        final CliRun run = CliRun.run("server", "--print-config", "--dir", dir.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("== configuration (" + EffectiveConfiguration.PRECEDENCE + "):"), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "\\s+sequent\\.journal\\.durability\\s+batch\\s+\\(system property\\)")), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.matches(
            "\\s+sequent\\.dir\\s+" + dir.toString().replace(".", "\\.") + "\\s+\\(flag --dir\\)")), run.out());
        assertEquals(ServerSetting.values().length + 1, run.out().lines().count(), run.out());
    }

    @Test
    void aBadValueIsAnErrorNamingTheSettingAndItsSource()
    {
        System.setProperty(ServerSetting.SESSIONS_MAX.propertyName(), "many");
        final CliRun run = CliRun.run("server", "--print-config");
        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("sequent.sessions.max (system property) must be an integer"), run.err());

        final CliRun badFlag = CliRun.run("server", "--print-config", "--durability", "fast");
        assertEquals(2, badFlag.exit(), badFlag.toString());
        assertTrue(badFlag.err().contains("use none, batch or interval"), badFlag.err());

        final CliRun noFile = CliRun.run("server", "--print-config", "--config", dir.resolve("nope").toString());
        assertEquals(2, noFile.exit(), noFile.toString());
        assertTrue(noFile.err().contains("no config file at"), noFile.err());
    }

    @Test
    void anEnvironmentVariableSetsASettingBelowASystemProperty() throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("sequent.jvm.flags", "").trim().split("\\s+")));
        command.addAll(List.of("-Dsequent.sessions.max=9", "-Xmx128m", "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), SequentCli.class.getName(), "server", "--print-config", "--json"));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("SEQUENT_JOURNAL_DURABILITY", "batch");
        builder.environment().put("SEQUENT_SESSIONS_MAX", "7");
        builder.environment().remove("SEQUENT_CONFIG_FILE");
        final Process process = builder.start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out + err);
        final JsonObject settings = new CliRun(0, out, err).json().getAsJsonObject("settings");
        assertEquals("batch", value(settings, ServerSetting.JOURNAL_DURABILITY));
        assertEquals("environment SEQUENT_JOURNAL_DURABILITY", source(settings, ServerSetting.JOURNAL_DURABILITY));
        assertEquals("9", value(settings, ServerSetting.SESSIONS_MAX), "the system property ranks above");
        assertEquals("system property", source(settings, ServerSetting.SESSIONS_MAX));
    }
}
