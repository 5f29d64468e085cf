package dev.vaekit.viz;

import dev.vaekit.util.AtomicFiles;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scatter plot of two-dimensional points (latent codes, or their projection) with one coloured series per label, as
 * PNG and optionally SVG.
 */
public final class LatentScatter {
    /** Matplotlib's "tab10" colours: ten hues that stay apart, also for ten classes of digits. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private LatentScatter() {}

    /**
     * Builds the chart.
     *
     * @param x horizontal coordinates
     * @param y vertical coordinates, as many
     * @param labels one label per point (one series each, in increasing order), or null for a single series
     * @param title chart title
     * @param xTitle what x is
     * @param yTitle what y is
     * @return the chart, 800 × 700 pixels
     */
    public static XYChart chart(double[] x, double[] y, int[] labels, String title, String xTitle, String yTitle) {
        if (x.length != y.length || (labels != null && labels.length != x.length)) {
            throw new IllegalArgumentException("coordinates and labels differ in length: " + x.length + ", " + y.length
                    + (labels != null ? ", " + labels.length : ""));
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("no points to draw");
        }
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(700)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setSeriesColors(PALETTE);
        TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < x.length; i++) {
            groups.computeIfAbsent(labels == null ? 0 : labels[i], k -> new ArrayList<>())
                    .add(i);
        }
        for (var e : groups.entrySet()) {
            List<Integer> idx = e.getValue();
            double[] gx = new double[idx.size()];
            double[] gy = new double[idx.size()];
            for (int k = 0; k < idx.size(); k++) {
                gx[k] = x[idx.get(k)];
                gy[k] = y[idx.get(k)];
            }
            String name = labels == null ? "codes" : Integer.toString(e.getKey());
            XYSeries series = chart.addSeries(name, gx, gy);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    /**
     * Writes a chart as PNG and, if asked, SVG (each atomically).
     *
     * @param chart the chart
     * @param png PNG file
     * @param svg SVG file, or null for none
     */
    public static void write(XYChart chart, Path png, Path svg) {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        if (svg != null) {
            AtomicFiles.write(
                    svg,
                    out -> VectorGraphicsEncoder.saveVectorGraphic(
                            chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        }
    }
}
