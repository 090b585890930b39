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
 * logarithmic axis ignores custom tick labels, and "99.9%" reads better than "1000".
 */
public final class PercentilePlot
{
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private final XYChart chart;
    private double maxX = 1;

    /**
     * @param title the chart's title.
     */
    public PercentilePlot(final String title)
    {
        System.setProperty("java.awt.headless", "true");
        chart = new XYChartBuilder().width(1200).height(700).title(title)
            .xAxisTitle("percentile").yAxisTitle("latency (us)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(PercentilePlot::percentileLabel);
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
                y.add(histogram.highestEquivalentValue(value.getValueIteratedTo()) / 1000.0);
            }
        }
        if (x.isEmpty())
        {
            x.add(0.0);
            y.add(0.0);
        }
        maxX = Math.max(maxX, x.get(x.size() - 1));
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
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
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(Math.max(1.0, Math.ceil(maxX)));
        try (OutputStream out = Files.newOutputStream(file))
        {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
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
