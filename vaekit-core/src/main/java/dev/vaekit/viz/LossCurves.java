package dev.vaekit.viz;

import dev.vaekit.io.AtomicFiles;
import dev.vaekit.train.EpochMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves from {@code metrics.jsonl}: loss (−ELBO), reconstruction and KL per epoch, train and validation; for
 * a plain autoencoder, which has no KL term, its one loss −log p(x|z=enc(x)), train and validation.
 */
public final class LossCurves {
    private LossCurves() {}

    /**
     * Writes a PNG chart of a VAE's losses.
     *
     * @param metrics epochs in order
     * @param title chart title
     * @param file PNG to write
     */
    public static void write(List<EpochMetrics> metrics, String title, Path file) {
        write(metrics, title, true, file);
    }

    /**
     * Writes a PNG chart of the epochs' losses.
     *
     * @param metrics epochs in order
     * @param title chart title
     * @param klTerm whether the model has a KL term (a VAE); without one (a plain autoencoder) only its loss, the
     *     reconstruction negative log-likelihood, is drawn
     * @param file PNG to write
     */
    public static void write(List<EpochMetrics> metrics, String title, boolean klTerm, Path file) {
        XYChart chart = chart(metrics, title, klTerm);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chart {@link #write} draws. */
    static XYChart chart(List<EpochMetrics> metrics, String title, boolean klTerm) {
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
        String validationName;
        if (klTerm) {
            add(chart, "train −ELBO", metrics, m -> -m.trainBound());
            add(chart, "train −E[log p(x|z)]", metrics, m -> -m.trainReconstruction());
            add(chart, "train KL", metrics, EpochMetrics::trainKl);
            validationName = "validation −ELBO";
        } else {
            add(chart, "train −log p(x|z=enc(x))", metrics, EpochMetrics::trainLoss);
            validationName = "validation −log p(x|z=enc(x))";
        }
        if (metrics.stream().anyMatch(m -> Double.isFinite(m.validationLoss()))) {
            add(chart, validationName, metrics, EpochMetrics::validationLoss);
        }
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochMetrics> metrics, ToDoubleFunction<EpochMetrics> y) {
        double[] epochs = metrics.stream().mapToDouble(EpochMetrics::epoch).toArray();
        chart.addSeries(name, epochs, metrics.stream().mapToDouble(y).toArray()).setMarker(SeriesMarkers.CIRCLE);
    }
}
