package io.sequent.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws latency by percentile the way HdrHistogram's plotter does: the x axis is 1/(1 - percentile) on a log scale,
 * so 90 %, 99 %, 99.9 % ... are evenly spaced and the tail is visible; one line per histogram. Headless (XChart
 * draws into an image; no display is needed).
 * <p>
 * The log scale is drawn as log10(1/(1 - percentile)) on a linear axis labelled in percentiles: XChart's own
 * logarithmic axis ignores custom tick labels, and "99.9%" reads better than "1000". The latency axis is XChart's
 * own logarithmic one, in the unit that suits the data (us, ms...).
 */
public final class PercentilePlot
{
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private final String title;
    private final List<String> names = new ArrayList<>();
    private final List<Histogram> histograms = new ArrayList<>();

    /**
     * @param title the chart's title.
     */
    public PercentilePlot(final String title)
    {
        this.title = title;
    }

    /**
     * Adds one histogram as a line.
     *
     * @param name      the line's name in the legend.
     * @param histogram values in nanoseconds.
     * @return this.
     */
    public PercentilePlot add(final String name, final Histogram histogram)
    {
        names.add(name);
        histograms.add(histogram);
        return this;
    }

    /**
     * Writes the chart as a PNG file.
     *
     * @param file where.
     * @throws IOException when it cannot be written.
     */
    public void writePng(final Path file) throws IOException
    {
        final XYChart chart = chart();
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    /**
     * The chart: latency on a log axis (a tail of milliseconds and a median of microseconds both stay readable), in
     * the unit that suits the largest value of all lines.
     *
     * @return the chart, drawn headless.
     */
    XYChart chart()
    {
        System.setProperty("java.awt.headless", "true");
        long max = 1;
        for (final Histogram histogram : histograms)
        {
            max = Math.max(max, histogram.getMaxValue());
        }
        final LatencyReport.Unit unit = LatencyReport.Unit.of(max);
        final XYChart chart = new XYChartBuilder().width(1200).height(700).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency (" + unit.name() + ", log scale)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(PercentilePlot::percentileLabel);
        chart.getStyler().setYAxisLogarithmic(true);
        // A log axis cannot show 0: the smallest value drawn is 1 ns.
        final double floor = unit.convert(1);
        double maxX = 1;
        for (int i = 0; i < histograms.size(); i++)
        {
            final Histogram histogram = histograms.get(i);
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            if (histogram.getTotalCount() > 0)
            {
                for (final HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE))
                {
                    final double percentile = value.getPercentileLevelIteratedTo() / 100.0;
                    if (percentile >= 1.0)
                    {
                        break; // 1/(1 - 1) is infinite: the max is the last point before it
                    }
                    x.add(Math.log10(1.0 / (1.0 - percentile)));
                    y.add(Math.max(floor, unit.convert(histogram.highestEquivalentValue(value.getValueIteratedTo()))));
                }
            }
            if (x.isEmpty())
            {
                x.add(0.0);
                y.add(floor);
            }
            maxX = Math.max(maxX, x.get(x.size() - 1));
            chart.addSeries(names.get(i), x, y).setMarker(SeriesMarkers.NONE);
        }
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.max(1.0, Math.ceil(maxX)));
        return chart;
    }

    private static String percentileLabel(final double nines)
    {
        final long whole = Math.round(nines);
        if (nines < 0 || Math.abs(nines - whole) > 1e-9)
        {
            return ""; // labels at 0 %, 90 %, 99 %, 99.9 %... only
        }
        return String.format("%." + Math.max(0, whole - 2) + "f%%", 100.0 * (1.0 - Math.pow(10, -whole)));
    }
}
