package dev.vaekit.viz;

import dev.vaekit.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A histogram of scores (e.g. per-example log-likelihoods) as a PNG bar chart. */
public final class Histogram {
    private Histogram() {}

    /**
     * @param values the scores; non-finite values are left out and counted in the title
     * @param bins number of equal-width bins, ≥ 1
     * @param title chart title
     * @param xTitle what the values are
     * @param file PNG to write (atomically)
     */
    public static void write(double[] values, int bins, String title, String xTitle, Path file) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int skipped = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            } else {
                skipped++;
            }
        }
        if (skipped == values.length) {
            throw new IllegalArgumentException("no finite values to draw");
        }
        double width = max > min ? (max - min) / bins : 1;
        long[] counts = new long[bins];
        for (double v : values) {
            if (Double.isFinite(v)) {
                counts[Math.min(bins - 1, (int) ((v - min) / width))]++;
            }
        }
        List<String> labels = new ArrayList<>();
        List<Long> heights = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format("%.1f", min + (b + 0.5) * width));
            heights.add(counts[b]);
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(500)
                .title(skipped == 0 ? title : title + " (" + skipped + " non-finite left out)")
                .xAxisTitle(xTitle)
                .yAxisTitle("examples")
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setAvailableSpaceFill(0.95);
        chart.addSeries("count", labels, heights);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
