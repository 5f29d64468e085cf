package dev.vaekit.train;

import dev.vaekit.models.Capabilities;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.util.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training curves from {@code metrics.jsonl}: loss (−ELBO), reconstruction and KL per epoch, train and validation; for
 * a plain autoencoder, which has no KL term, its one loss −log p(x|z=enc(x)); for a density flow its exact −log p(x);
 * and any further training terms the model reports ({@link EpochMetrics#trainTerms}).
 * When the training loss spans more than a factor of 100 (one diverging epoch beside the rest) and every plotted value
 * is positive, the loss axis is logarithmic so that the other epochs stay readable.
 */
public final class LossCurves {
    /** Largest max/min ratio of the training loss over the epochs that keeps a linear loss axis. */
    static final double LOG_AXIS_RATIO = 100;

    /** What the model minimises, which decides the curves drawn. */
    public enum Kind {
        /** A VAE: −ELBO, its reconstruction term and its KL. */
        VAE,
        /** A plain autoencoder: its one loss, the reconstruction negative log-likelihood. */
        AUTOENCODER,
        /** A density flow: the exact negative log-likelihood −log p(x). */
        FLOW;

        /** The curves of a model that knows this much of p(x). */
        public static Kind of(Capabilities.Likelihood likelihood) {
            return switch (likelihood) {
                case BOUND -> VAE;
                case NONE -> AUTOENCODER;
                case EXACT -> FLOW;
            };
        }

        /** The curves of the model a config describes, as its family declares what it knows of p(x). */
        public static Kind of(ModelConfig model) {
            return of(model.modelType().family().likelihood());
        }
    }

    private LossCurves() {}

    /**
     * Writes a PNG chart of a VAE's losses.
     *
     * @param metrics epochs in order
     * @param title chart title
     * @param file PNG to write
     */
    public static void write(List<EpochMetrics> metrics, String title, Path file) {
        write(metrics, title, Kind.VAE, file);
    }

    /**
     * Writes a PNG chart of the epochs' losses.
     *
     * @param metrics epochs in order
     * @param title chart title
     * @param kind what the model minimises
     * @param file PNG to write
     */
    public static void write(List<EpochMetrics> metrics, String title, Kind kind, Path file) {
        XYChart chart = chart(metrics, title, kind);
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /** The chart {@link #write} draws. */
    static XYChart chart(List<EpochMetrics> metrics, String title, Kind kind) {
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
        String validationName =
                switch (kind) {
                    case VAE -> {
                        add(chart, "train −ELBO", metrics, m -> -m.trainBound());
                        add(chart, "train −E[log p(x|z)]", metrics, m -> -m.trainReconstruction());
                        add(chart, "train KL", metrics, EpochMetrics::trainKl);
                        yield "validation −ELBO";
                    }
                    case AUTOENCODER -> {
                        add(chart, "train −log p(x|z=enc(x))", metrics, EpochMetrics::trainLoss);
                        yield "validation −log p(x|z=enc(x))";
                    }
                    case FLOW -> {
                        add(chart, "train −log p(x)", metrics, EpochMetrics::trainLoss);
                        yield "validation −log p(x)";
                    }
                };
        metrics.get(metrics.size() - 1)
                .trainTerms()
                .keySet()
                .forEach(name ->
                        add(chart, "train " + name, metrics, m -> m.trainTerms().getOrDefault(name, Double.NaN)));
        if (metrics.stream().anyMatch(m -> Double.isFinite(m.validationLoss()))) {
            add(chart, validationName, metrics, EpochMetrics::validationLoss);
        }
        chart.getStyler().setYAxisLogarithmic(wantsLogAxis(chart, metrics));
        return chart;
    }

    /**
     * Whether the training loss spans more than {@link #LOG_AXIS_RATIO} over the epochs and every finite plotted value
     * is positive, which a logarithmic axis needs; a VAE's small KL beside its −ELBO alone does not switch it.
     */
    private static boolean wantsLogAxis(XYChart chart, List<EpochMetrics> metrics) {
        DoubleSummaryStatistics loss = finite(metrics.stream().mapToDouble(EpochMetrics::trainLoss));
        boolean allPositive = chart.getSeriesMap().values().stream()
                .allMatch(series -> finite(Arrays.stream(series.getYData())).getMin() > 0);
        return allPositive && loss.getCount() > 0 && loss.getMax() / loss.getMin() > LOG_AXIS_RATIO;
    }

    private static DoubleSummaryStatistics finite(DoubleStream values) {
        return values.filter(Double::isFinite).summaryStatistics();
    }

    private static void add(XYChart chart, String name, List<EpochMetrics> metrics, ToDoubleFunction<EpochMetrics> y) {
        double[] epochs = metrics.stream().mapToDouble(EpochMetrics::epoch).toArray();
        chart.addSeries(name, epochs, metrics.stream().mapToDouble(y).toArray()).setMarker(SeriesMarkers.CIRCLE);
    }

    /** Draws {@code loss.png} from the run folder's metrics when training ends. */
    public static final class Listener implements TrainingListener {
        private final Path runDir;
        private final String title;

        /**
         * @param runDir the run folder, whose {@code metrics.jsonl} is read
         * @param title the chart's title
         */
        public Listener(Path runDir, String title) {
            this.runDir = runDir;
            this.title = title;
        }

        @Override
        public void onTrainingEnd(Trainer trainer, TrainerState state) {
            List<EpochMetrics> metrics = MetricsLog.read(runDir.resolve(MetricsLog.FILE));
            if (!metrics.isEmpty()) {
                write(metrics, title, Kind.of(trainer.model().capabilities().likelihood()), runDir.resolve("loss.png"));
            }
        }
    }
}
