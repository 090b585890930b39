package io.sequent.cli;

import picocli.CommandLine;

import java.time.Duration;

/**
 * The unmeasured start of a load, given the same way to every command that has one: a number of commands
 * ({@code 50000}, {@code 50_000}) or a time ({@code 500ms}, {@code 2s}, {@code 1m}), turned into the other through the
 * load's rate.
 *
 * @param commands commands, when given as a count, else -1.
 * @param duration time, when given as one, else null.
 */
public record Warmup(long commands, Duration duration)
{
    /** What every {@code --warmup} says in its help. */
    public static final String DESCRIPTION = "unmeasured warm-up: a number of commands (50000) or a time (500ms, " +
        "2s, 1m) at the load's rate";

    /**
     * @param ratePerSecond the load's rate; 0 for as fast as possible.
     * @return the warm-up in commands.
     * @throws IllegalArgumentException for a time without a rate to turn it into commands.
     */
    public long commandsAt(final long ratePerSecond)
    {
        if (duration == null)
        {
            return commands;
        }
        if (ratePerSecond <= 0)
        {
            throw new IllegalArgumentException("a warm-up given as a time (" + this + ") needs a fixed --rate; " +
                "give the number of warm-up commands instead");
        }
        return ratePerSecond * duration.toMillis() / 1000;
    }

    /**
     * @param ratePerSecond the load's rate, more than 0.
     * @return the warm-up as a time.
     */
    public Duration durationAt(final long ratePerSecond)
    {
        return duration != null ? duration : Duration.ofMillis(commands * 1000 / ratePerSecond);
    }

    @Override
    public String toString()
    {
        return duration != null ? duration.toMillis() + "ms" : commands + " commands";
    }

    /**
     * Reads {@code 50000} as commands and {@code 2s} as a time.
     */
    public static final class Converter implements CommandLine.ITypeConverter<Warmup>
    {
        @Override
        public Warmup convert(final String value)
        {
            final String text = value.trim().replace("_", "").replace(",", "");
            if (text.chars().allMatch(Character::isDigit) && !text.isEmpty())
            {
                return new Warmup(Long.parseLong(text), null);
            }
            final Duration duration = new StatCommand.DurationConverter().convert(value);
            return new Warmup(-1, duration);
        }
    }
}
