package io.sequent.cli;

import io.sequent.cli.config.ConfigFileOption;
import io.sequent.cli.output.JsonWriter;
import io.sequent.codecs.config.Configuration;
import io.sequent.codecs.config.DefaultAeronDirectory;
import io.sequent.codecs.config.Settings;
import io.sequent.metrics.CountersFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sequent stat}: prints the counters of a running server, read from its media driver's CnC file (Aeron
 * counters, like {@code AeronStat}), every interval, with each counter's change per second.
 */
@Command(name = "stat", mixinStandardHelpOptions = true, versionProvider = SequentVersion.class,
    description = "Print a running server's counters live, read from its Aeron CnC file.")
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--aeron-dir", paramLabel = "DIR", description = "the server's Aeron directory, as it printed " +
        "at start (aeronDir=...); default: the setting aeron.dir, else where `sequent server` puts its driver " +
        "(/dev/shm/sequent-USER)")
    String aeronDir;

    @Option(names = "--json", description = "each print as one JSON line: time, aeronDir, counters, rates per second")
    boolean json;

    @Mixin
    ConfigFileOption config;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
        description = "time between prints: 500ms, 1s, 2m (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--count", defaultValue = "0", description = "prints before exiting; 0: until interrupted")
    int count;

    @Option(names = "--all", description = "also print Aeron's own counters")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        final String dir = aeronDir != null ? aeronDir :
            Settings.string(Configuration.AERON_DIR_PROP_NAME, DefaultAeronDirectory.forClient());
        final PrintWriter out = spec.commandLine().getOut();
        final Map<String, Long> previous = new HashMap<>();
        final double seconds = interval.toNanos() / 1e9;
        try (CountersFile counters = CountersFile.open(dir))
        {
            for (int i = 0; count == 0 || i < count; i++)
            {
                if (i > 0)
                {
                    Thread.sleep(interval.toMillis());
                }
                final Map<String, Long> now = all ? counters.allCounters() : counters.sequentCounters();
                if (json)
                {
                    out.println(toJson(dir, now, previous, seconds));
                    out.flush();
                    previous.clear();
                    previous.putAll(now);
                    continue;
                }
                out.printf("%s  %s%n", LocalTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME), dir);
                if (now.isEmpty())
                {
                    out.println("  no Sequent counters: is a server running on this driver?");
                }
                for (final Map.Entry<String, Long> entry : now.entrySet())
                {
                    final Long before = previous.get(entry.getKey());
                    final String rate = before == null ? "" :
                        String.format("  %+,.0f/s", (entry.getValue() - before) / seconds);
                    out.printf("  %-60s %,20d%s%n", entry.getKey(), entry.getValue(), rate);
                }
                out.flush();
                previous.clear();
                previous.putAll(now);
            }
        }
        return 0;
    }

    private static String toJson(
        final String dir, final Map<String, Long> now, final Map<String, Long> previous, final double seconds)
    {
        final JsonWriter json = new JsonWriter().beginObject()
            .member("time", LocalTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME)).member("aeronDir", dir)
            .name("counters").beginObject();
        now.forEach((name, value) -> json.member(name, value.longValue()));
        json.endObject().name("ratesPerSecond").beginObject();
        now.forEach((name, value) ->
        {
            final Long before = previous.get(name);
            if (before != null)
            {
                json.member(name, (value - before) / seconds);
            }
        });
        return json.endObject().endObject().toString();
    }

    /**
     * Reads 500ms, 1s, 2m, or an ISO-8601 duration (PT1S).
     */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String value)
        {
            final String text = value.trim().toLowerCase();
            final Duration duration;
            if (text.startsWith("pt"))
            {
                duration = Duration.parse(text.toUpperCase());
            }
            else if (text.endsWith("ms"))
            {
                duration = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            else if (text.endsWith("s"))
            {
                duration = Duration.ofMillis((long)(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            else if (text.endsWith("m"))
            {
                duration = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)) * 60);
            }
            else
            {
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration: write it as 500ms, 1s, 2.5s or 2m");
            }
            if (duration.isNegative() || duration.isZero())
            {
                throw new CommandLine.TypeConversionException("a duration must be positive: " + value);
            }
            return duration;
        }
    }
}
