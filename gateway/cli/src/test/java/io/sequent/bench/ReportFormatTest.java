package io.sequent.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How latencies and rates are reported: each value in the unit that suits it, the plot's latency axis logarithmic,
 * and a warning when a load did not keep the rate it was asked for.
 */
class ReportFormatTest
{
    @Test
    void latenciesAreScaledToTheirUnit()
    {
        assertEquals("850 ns", LatencyReport.duration(850));
        assertEquals("12.3 us", LatencyReport.duration(12_345));
        assertEquals("1.25 ms", LatencyReport.duration(1_250_000));
        assertEquals("2.50 s", LatencyReport.duration(2_500_000_000L));

        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        histogram.recordValue(900);
        histogram.recordValue(3_000_000);
        final String line = LatencyReport.format(histogram);
        assertTrue(line.contains("p50=900 ns") && line.contains("max=3.00 ms"), line);

        final String table = LatencyReport.compare("engine", histogram, "echo", histogram);
        assertTrue(table.lines().findFirst().orElseThrow().contains("engine ms"), table);
    }

    @Test
    void thePlotHasALogarithmicLatencyAxisInTheUnitOfItsLargestValue()
    {
        final Histogram fast = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final Histogram slow = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int i = 1; i <= 1000; i++)
        {
            fast.recordValue(1_000L * i);
            slow.recordValue(10_000L * i);
        }
        final XYChart chart = new PercentilePlot("test").add("fast", fast).add("slow", slow).chart();
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals("latency (ms, log scale)", chart.getYAxisTitle());
        assertEquals(2, chart.getSeriesMap().size());

        final Histogram empty = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final XYChart nothing = new PercentilePlot("empty").add("none", empty).chart();
        assertTrue(nothing.getStyler().isYAxisLogarithmic(), "an empty histogram draws, above zero");
    }

    @Test
    void aLoadThatMissesItsRateIsFlagged()
    {
        assertNull(RateShortfall.warning("engine", 50_000, 49_000));
        assertNull(RateShortfall.warning("in-process", 0, 10), "no rate asked: nothing to miss");
        final String warning = RateShortfall.warning("engine", 50_000, 30_000);
        assertTrue(warning.startsWith("WARNING: the engine load reached 30,000/s of the 50,000/s asked (60%)"),
            warning);
    }
}
