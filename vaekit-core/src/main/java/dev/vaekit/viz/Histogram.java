package dev.vaekit.viz;

import dev.vaekit.util.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        write(Map.of("count", values), bins, 0, title, xTitle, file);
    }

    /**
     * Overlaid histograms of several groups of scores on shared bins (e.g. normal examples and anomalies).
     *
     * @param groups series name → scores, drawn in the map's order; non-finite values are left out and counted
     * @param bins number of equal-width bins, ≥ 1
     * @param lowerTail share of the lowest finite values, over all groups, that are not given bins of their own but
     *     counted in the first bin (so that a few extreme scores do not squeeze the rest into one bar), in [0, 1)
     * @param title chart title
     * @param xTitle what the values are
     * @param file PNG to write (atomically)
     */
    public static void write(
            Map<String, double[]> groups, int bins, double lowerTail, String title, String xTitle, Path file) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        if (!(lowerTail >= 0 && lowerTail < 1)) {
            throw new IllegalArgumentException("lowerTail must be in [0, 1), got " + lowerTail);
        }
        double[] finite = groups.values().stream()
                .flatMapToDouble(Arrays::stream)
                .filter(Double::isFinite)
                .sorted()
                .toArray();
        long skipped = groups.values().stream().mapToLong(v -> v.length).sum() - finite.length;
        if (finite.length == 0) {
            throw new IllegalArgumentException("no finite values to draw");
        }
        double min = finite[(int) Math.floor(lowerTail * (finite.length - 1))];
        double max = finite[finite.length - 1];
        double width = max > min ? (max - min) / bins : 1;
        long clipped = Arrays.stream(finite).filter(v -> v < min).count();
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            labels.add(String.format(Locale.ROOT, "%.1f", min + (b + 0.5) * width));
        }
        StringBuilder fullTitle = new StringBuilder(title);
        if (skipped > 0) {
            fullTitle.append(" (").append(skipped).append(" non-finite left out)");
        }
        if (clipped > 0) {
            fullTitle.append(String.format(Locale.ROOT, " (%d below %.1f counted in the first bin)", clipped, min));
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(900)
                .height(500)
                .title(fullTitle.toString())
                .xAxisTitle(xTitle)
                .yAxisTitle("examples")
                .build();
        chart.getStyler().setLegendVisible(groups.size() > 1);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setAvailableSpaceFill(0.95);
        for (Map.Entry<String, double[]> group : groups.entrySet()) {
            long[] counts = new long[bins];
            for (double v : group.getValue()) {
                if (Double.isFinite(v)) {
                    counts[Math.max(0, Math.min(bins - 1, (int) ((v - min) / width)))]++;
                }
            }
            chart.addSeries(
                    group.getKey(), labels, Arrays.stream(counts).boxed().toList());
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
