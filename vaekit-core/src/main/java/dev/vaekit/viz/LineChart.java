package dev.vaekit.viz;

import dev.vaekit.util.AtomicFiles;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line chart of a few named series over a common x axis (e.g. reconstruction error against code size). */
public final class LineChart {
    private LineChart() {}

    /**
     * @param title chart title
     * @param xTitle x axis title
     * @param yTitle y axis title
     * @param x the x values, shared by every series
     * @param series name → y values (same length as x)
     * @param logX whether the x axis is logarithmic
     * @param file PNG to write
     */
    public static void write(
            String title,
            String xTitle,
            String yTitle,
            double[] x,
            Map<String, double[]> series,
            boolean logX,
            Path file) {
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setMarkerSize(6);
        chart.getStyler().setXAxisLogarithmic(logX);
        series.forEach((name, y) -> chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE));
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
