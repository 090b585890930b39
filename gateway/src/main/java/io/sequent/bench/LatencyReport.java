package io.sequent.bench;

import org.HdrHistogram.Histogram;

/**
 * Formats a latency histogram (values in nanoseconds) the same way everywhere: percentiles in microseconds.
 */
public final class LatencyReport
{
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

    private static double micros(final long nanos)
    {
        return nanos / 1000.0;
    }
}
