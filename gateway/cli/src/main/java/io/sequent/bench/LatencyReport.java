package io.sequent.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Formats a latency histogram (values in nanoseconds) the same way everywhere: percentiles in microseconds.
 */
public final class LatencyReport
{
    /** The percentiles every report gives, then the max. */
    public static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99 };

    private LatencyReport()
    {
    }

    /**
     * @param histogram round trips in nanoseconds.
     * @return one line: count, p50, p90, p99, p99.9, p99.99 and max in microseconds.
     */
    public static String format(final Histogram histogram)
    {
        return String.format(
            "n=%,d  p50=%.1f us  p90=%.1f us  p99=%.1f us  p99.9=%.1f us  p99.99=%.1f us  max=%.1f us",
            histogram.getTotalCount(),
            micros(histogram.getValueAtPercentile(50)),
            micros(histogram.getValueAtPercentile(90)),
            micros(histogram.getValueAtPercentile(99)),
            micros(histogram.getValueAtPercentile(99.9)),
            micros(histogram.getValueAtPercentile(99.99)),
            micros(histogram.getMaxValue()));
    }

    /**
     * @param name      of the left column, e.g. "engine".
     * @param left      round trips in nanoseconds.
     * @param otherName of the right column, e.g. "echo".
     * @param right     round trips in nanoseconds.
     * @return a table: each percentile and the max, both values in microseconds, and left / right.
     */
    public static String compare(
        final String name, final Histogram left, final String otherName, final Histogram right)
    {
        final StringBuilder table = new StringBuilder(String.format("%10s %12s %12s %8s%n",
            "percentile", name + " us", otherName + " us", "ratio"));
        for (final double percentile : PERCENTILES)
        {
            row(table, "p" + percentileName(percentile), left.getValueAtPercentile(percentile),
                right.getValueAtPercentile(percentile));
        }
        row(table, "max", left.getMaxValue(), right.getMaxValue());
        return table.toString();
    }

    private static void row(final StringBuilder table, final String label, final long left, final long right)
    {
        table.append(String.format("%10s %12.1f %12.1f %8s%n", label, micros(left), micros(right),
            right == 0 ? "-" : String.format("%.2fx", (double)left / right)));
    }

    private static String percentileName(final double percentile)
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

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }
}
