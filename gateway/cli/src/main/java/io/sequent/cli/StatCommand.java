package io.sequent.cli;

import io.aeron.Aeron;
import io.sequent.metrics.CountersFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
@Command(name = "stat", mixinStandardHelpOptions = true,
    description = "Print a running server's counters live, read from its Aeron CnC file.")
public final class StatCommand implements Callable<Integer>
{
    @Option(names = "--aeron-dir", description = "the server's Aeron directory, as it printed at start " +
        "(aeronDir=...); default: the aeron.dir property or Aeron's default")
    String aeronDir;

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
        final String dir = aeronDir != null ? aeronDir : Aeron.Context.getAeronDirectoryName();
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
