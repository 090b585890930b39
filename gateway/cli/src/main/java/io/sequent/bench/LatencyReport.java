package io.sequent.bench;

import io.sequent.cli.output.JsonWriter;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Formats a latency histogram (values in nanoseconds) the same way everywhere: each value in the unit that suits
 * it (ns, us, ms or s), tables in one unit chosen for their largest value so that columns compare.
 */
public final class LatencyReport
{
    /** The percentiles every report gives, then the max. */
    public static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };

    private LatencyReport()
    {
    }

    /**
     * A unit of time to print latencies in.
     *
     * @param name  its symbol.
     * @param nanos nanoseconds in one.
     */
    public record Unit(String name, double nanos)
    {
        /** Nanoseconds. */
        public static final Unit NS = new Unit("ns", 1);
        /** Microseconds. */
        public static final Unit US = new Unit("us", 1e3);
        /** Milliseconds. */
        public static final Unit MS = new Unit("ms", 1e6);
        /** Seconds. */
        public static final Unit S = new Unit("s", 1e9);

        /**
         * @param nanos a value, or the largest of several.
         * @return the largest unit in which it is at least 1 (ns below 1 us).
         */
        public static Unit of(final double nanos)
        {
            return nanos >= S.nanos ? S : nanos >= MS.nanos ? MS : nanos >= US.nanos ? US : NS;
        }

        /**
         * @param nanos a value.
         * @return it in this unit.
         */
        public double convert(final double nanos)
        {
            return nanos / this.nanos;
        }
    }

    /**
     * @param nanos a duration.
     * @return it in the unit that suits it, e.g. "850 ns", "12.3 us", "1.25 ms".
     */
    public static String duration(final long nanos)
    {
        final Unit unit = Unit.of(nanos);
        return unit == Unit.NS ? nanos + " ns" :
            String.format(unit == Unit.US ? "%.1f %s" : "%.2f %s", unit.convert(nanos), unit.name());
    }

    /**
     * @param histogram round trips in nanoseconds.
     * @return one line: count, p50, p90, p99, p99.9, p99.99 and max, each in the unit that suits it.
     */
    public static String format(final Histogram histogram)
    {
        return String.format("n=%,d  p50=%s  p90=%s  p99=%s  p99.9=%s  p99.99=%s  max=%s",
            histogram.getTotalCount(),
            duration(histogram.getValueAtPercentile(50)),
            duration(histogram.getValueAtPercentile(90)),
            duration(histogram.getValueAtPercentile(99)),
            duration(histogram.getValueAtPercentile(99.9)),
            duration(histogram.getValueAtPercentile(99.99)),
            duration(histogram.getMaxValue()));
    }

    /**
     * @param name      of the left column, e.g. "engine".
     * @param left      round trips in nanoseconds.
     * @param otherName of the right column, e.g. "echo".
     * @param right     round trips in nanoseconds.
     * @return a table: each percentile and the max, both values in one unit, and left / right.
     */
    public static String compare(
        final String name, final Histogram left, final String otherName, final Histogram right)
    {
        final Unit unit = Unit.of(Math.max(left.getMaxValue(), right.getMaxValue()));
        final StringBuilder table = new StringBuilder(String.format("%10s %12s %12s %8s%n",
            "percentile", name + " " + unit.name(), otherName + " " + unit.name(), "ratio"));
        for (final double percentile : PERCENTILES)
        {
            row(table, unit, "p" + percentileName(percentile), left.getValueAtPercentile(percentile),
                right.getValueAtPercentile(percentile));
        }
        row(table, unit, "max", left.getMaxValue(), right.getMaxValue());
        return table.toString();
    }

    /**
     * Writes a histogram's summary as members of the current JSON object: count, then each percentile and the max
     * in nanoseconds (numbers, not text, so no unit is guessed).
     *
     * @param json      inside an object.
     * @param histogram values in nanoseconds.
     * @return the writer.
     */
    public static JsonWriter toJson(final JsonWriter json, final Histogram histogram)
    {
        json.member("count", histogram.getTotalCount());
        for (final double percentile : PERCENTILES)
        {
            json.member("p" + percentileName(percentile) + "Ns", histogram.getValueAtPercentile(percentile));
        }
        return json.member("maxNs", histogram.getMaxValue());
    }

    private static void row(
        final StringBuilder table, final Unit unit, final String label, final long left, final long right)
    {
        table.append(String.format("%10s %12.1f %12.1f %8s%n", label, unit.convert(left), unit.convert(right),
            right == 0 ? "-" : String.format("%.2fx", (double)left / right)));
    }

    /**
     * @param percentile e.g. 99.9.
     * @return its name: 50, 99.9.
     */
    public static String percentileName(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    /**
     * Writes the histogram as HdrHistogram's percentile distribution text ({@code .hgrm}), in microseconds, which
     * HdrHistogram's plotter and other tools read.
     *
     * @param histogram round trips in nanoseconds.
     * @param file      where.
     * @throws IOException when it cannot be written.
     */
    public static void writeHgrm(final Histogram histogram, final Path file) throws IOException
    {
        try (OutputStream out = Files.newOutputStream(file); PrintStream print = new PrintStream(out, false, "UTF-8"))
        {
            histogram.outputPercentileDistribution(print, 1000.0);
        }
    }
}
