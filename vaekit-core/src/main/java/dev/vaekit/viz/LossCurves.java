package dev.vaekit.viz;

import dev.vaekit.io.AtomicFiles;
import dev.vaekit.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training curves from {@code metrics.jsonl}: loss (−ELBO), reconstruction and KL per epoch, train and validation. */
public final class LossCurves {
    private LossCurves() {}

    /**
     * Writes a PNG chart of the epochs' losses.
     *
     * @param metrics epochs in order
     * @param title chart title
     * @param file PNG to write
     */
    public static void write(List<EpochMetrics> metrics, String title, Path file) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        XYChart chart = new XYChartBuilder()
                .width(800)
                .height(500)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle("nats per example")
                .build();
        chart.getStyler().setMarkerSize(5);
        double[] epochs = metrics.stream().mapToDouble(EpochMetrics::epoch).toArray();
        add(
                chart,
                "train −ELBO",
                epochs,
                metrics.stream().mapToDouble(m -> -m.trainBound()).toArray());
        add(
                chart,
                "train −E[log p(x|z)]",
                epochs,
                metrics.stream().mapToDouble(m -> -m.trainReconstruction()).toArray());
        add(
                chart,
                "train KL",
                epochs,
                metrics.stream().mapToDouble(EpochMetrics::trainKl).toArray());
        if (metrics.stream().anyMatch(m -> Double.isFinite(m.validationLoss()))) {
            add(
                    chart,
                    "validation −ELBO",
                    epochs,
                    metrics.stream().mapToDouble(EpochMetrics::validationLoss).toArray());
        }
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }
}
