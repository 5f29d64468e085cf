package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.PcaReconstructionError;
import dev.vaekit.data.CsvReader;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.Auroc;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.viz.Histogram;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit score}: per-example anomaly scores of a dataset, as CSV. */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Score each example of a dataset: importance-sampled log p(x), the ELBO, and An & Cho's "
                + "reconstruction probability log (1/k) Σ p(x|z_i); for a stand-alone flow, its exact log p(x) "
                + "(on 8-bit data averaged over --k dequantization draws) and bits/dim. Low scores flag anomalies. "
                + "Writes CSV. Not for a plain autoencoder (dense-ae): it has no prior, so no p(x).")
final class ScoreCommand extends RunCommand {
    /** Most training rows the PCA baseline is fitted on (its covariance costs O(n d²) in Java). */
    static final int PCA_ROWS = 10_000;

    @Option(
            names = "--dataset",
            paramLabel = "SPEC",
            description = "Data to score (default: the run's dataset); must have the run's example shape.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", description = "test or train (default ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--n", paramLabel = "N", description = "Score the first N examples (default all).")
    int n;

    /** Importance samples per example of a VAE when --k is not given. */
    static final int DEFAULT_K = 1000;

    @Option(
            names = "--k",
            paramLabel = "K",
            description = "Importance samples per example (default " + DEFAULT_K + "); for a flow on 8-bit data, "
                    + "uniform dequantization draws per example, averaged in probability (default 1).")
    Integer k;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the samples (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--histogram", paramLabel = "PNG", description = "Also draw a histogram of log p(x).")
    Path histogram;

    @Option(
            names = "--anomaly-label",
            paramLabel = "LABEL",
            description = "The label of the anomalous class (a label text or number); prints the AUROC of each score.")
    String anomalyLabel;

    @Option(
            names = "--pca",
            paramLabel = "K",
            split = ",",
            description = "Also score by the squared reconstruction error of a K-component PCA fitted on (up to "
                    + PCA_ROWS + ") training rows of the run, the linear baseline; several K allowed (2,4,8).")
    List<Integer> pcaComponents = List.of();

    @Option(
            names = {"-o", "--out"},
            paramLabel = "CSV",
            required = true,
            description = "Output CSV: index, label (if any), log_px, then elbo, reconstruction_log_prob, kl for a VAE "
                    + "or bits_per_dim for a flow, then pcaK_error.")
    Path out;

    @Override
    public Integer call() {
        if (k != null && k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        try (LoadedRun loaded = load()) {
            LikelihoodEstimator estimator = loaded.checkpoint.model().requireLikelihood("score");
            int draws =
                    k != null ? k : estimator.draws() == LikelihoodEstimator.Draws.IMPORTANCE_SAMPLES ? DEFAULT_K : 1;
            estimator.checkDraws(draws);
            DataSource data = loaded.data(dataset, split, dataDir, n);
            List<String> labelNames = loaded.labelNames();
            boolean[] anomalous = anomalyLabel == null ? null : anomalous(data, labelNames);
            for (int c : pcaComponents) {
                if (c < 1 || c > data.dim()) {
                    throw new InvalidInputException(
                            "--pca: each K must be between 1 and the " + data.dim() + " features, got " + c);
                }
            }
            List<PcaReconstructionError> pcas = new ArrayList<>();
            if (!pcaComponents.isEmpty()) {
                // the PCA baseline holds its rows in memory
                Dataset train = loaded.data(null, "train", dataDir, PCA_ROWS).materialize("--pca", Integer.MAX_VALUE);
                pcaComponents.forEach(c -> pcas.add(PcaReconstructionError.fit(train, c)));
            }
            ExampleScores scores = ThreadFitting.fitted(() -> estimator.score(data, draws, seed, 0));
            double[] logPx = scores.logLikelihood();
            Map<String, double[]> columns = new LinkedHashMap<>(scores.columns());
            Dataset rows = pcas.isEmpty() ? null : data.materialize("--pca", Integer.MAX_VALUE);
            for (int c = 0; c < pcas.size(); c++) {
                columns.put("pca" + pcaComponents.get(c) + "_error", pcas.get(c).score(rows));
            }
            int[] labels = data.labels();
            StringBuilder csv = new StringBuilder(data.hasLabels() ? "index,label,log_px" : "index,log_px");
            columns.keySet().forEach(name -> csv.append(',').append(name));
            csv.append('\n');
            for (int i = 0; i < data.size(); i++) {
                csv.append(i).append(',');
                if (data.hasLabels()) {
                    int label = labels[i];
                    csv.append(labelNames == null ? String.valueOf(label) : CsvReader.quote(labelNames.get(label)));
                    csv.append(',');
                }
                csv.append(String.format(Locale.ROOT, "%.6f", logPx[i]));
                for (double[] column : columns.values()) {
                    csv.append(String.format(Locale.ROOT, ",%.6f", column[i]));
                }
                csv.append('\n');
            }
            AtomicFiles.writeString(out, csv.toString());
            if (histogram != null) {
                String title = "log p(x) of " + data.name() + " (k = " + draws + ")";
                if (anomalous == null) {
                    Histogram.write(logPx, 50, title, "log p(x), nats", histogram);
                } else {
                    Map<String, double[]> groups = new LinkedHashMap<>();
                    groups.put("others", select(logPx, anomalous, false));
                    groups.put(anomalyLabel, select(logPx, anomalous, true));
                    Histogram.write(groups, 50, 0.02, title, "log p(x), nats", histogram);
                }
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(
                    "scored %d examples of %s (%s, seed %d) -> %s%n",
                    data.size(),
                    data.name(),
                    switch (estimator.draws()) {
                        case IMPORTANCE_SAMPLES -> "k = " + draws;
                        case DEQUANTIZATION -> "exact density, k = " + draws + " dequantization draws";
                        case NONE -> "exact density";
                    },
                    seed,
                    out);
            int[] lowest = IntStream.range(0, data.size())
                    .boxed()
                    .sorted(Comparator.comparingDouble(i -> logPx[i]))
                    .limit(5)
                    .mapToInt(Integer::intValue)
                    .toArray();
            StringBuilder worst = new StringBuilder("lowest log p(x):");
            for (int i : lowest) {
                worst.append(String.format(Locale.ROOT, " #%d (%.2f)", i, logPx[i]));
            }
            stdout.println(worst);
            if (anomalous != null) {
                int count = 0;
                for (boolean a : anomalous) {
                    count += a ? 1 : 0;
                }
                stdout.printf(
                        "AUROC for anomaly label '%s' (%d of %d examples; a low log-likelihood flags an anomaly):%n",
                        anomalyLabel, count, data.size());
                printAuroc(stdout, "log p(x)", negated(logPx), anomalous);
                estimator
                        .alternativeScores()
                        .forEach((column, label) -> printAuroc(stdout, label, negated(columns.get(column)), anomalous));
                for (int c = 0; c < pcas.size(); c++) {
                    printAuroc(
                            stdout,
                            String.format(
                                    Locale.ROOT,
                                    "PCA error (k = %d, %.1f%% of variance)",
                                    pcaComponents.get(c),
                                    100 * pcas.get(c).explainedVariance()),
                            columns.get("pca" + pcaComponents.get(c) + "_error"),
                            anomalous);
                }
            }
            stdout.flush();
        }
        return 0;
    }

    /** Which rows carry the anomaly label: a label text when the data has text labels, else a label number. */
    private boolean[] anomalous(DataSource data, List<String> labelNames) {
        if (!data.hasLabels()) {
            throw new InvalidInputException("--anomaly-label needs labelled data; " + data.name() + " has no labels");
        }
        int id;
        if (labelNames != null) {
            id = labelNames.indexOf(anomalyLabel.trim());
            if (id < 0) {
                throw new InvalidInputException("--anomaly-label: no label '" + anomalyLabel + "' in " + data.name()
                        + "; its labels are " + String.join(", ", labelNames));
            }
        } else {
            try {
                id = Integer.parseInt(anomalyLabel.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--anomaly-label: the labels of " + data.name()
                        + " are numbers; expected one, found '" + anomalyLabel + "'");
            }
        }
        int[] labels = data.labels();
        boolean[] anomalous = new boolean[data.size()];
        for (int i = 0; i < anomalous.length; i++) {
            anomalous[i] = labels[i] == id;
        }
        return anomalous;
    }

    private static void printAuroc(PrintWriter out, String score, double[] anomalyScore, boolean[] anomalous) {
        Auroc a = Auroc.of(anomalyScore, anomalous);
        out.printf(Locale.ROOT, "  %-42s %.4f ± %.4f%n", score, a.value(), a.standardError());
    }

    private static double[] select(double[] values, boolean[] which, boolean wanted) {
        return IntStream.range(0, values.length)
                .filter(i -> which[i] == wanted)
                .mapToDouble(i -> values[i])
                .toArray();
    }

    private static double[] negated(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = -values[i];
        }
        return out;
    }
}
