package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.PcaReconstructionError;
import dev.vaekit.data.CsvReader;
import dev.vaekit.data.Dataset;
import dev.vaekit.eval.Auroc;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.ImportanceSampledLogLikelihood;
import dev.vaekit.io.AtomicFiles;
import dev.vaekit.models.Vae;
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
                + "reconstruction probability log (1/k) Σ p(x|z_i). Low scores flag anomalies. Writes CSV. VAEs "
                + "only: a plain autoencoder (dense-ae) has no prior, so no p(x).")
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

    @Option(names = "--k", paramLabel = "K", description = "Importance samples per example (default ${DEFAULT-VALUE}).")
    int k = 1000;

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
            description = "Output CSV: index, label (if any), log_px, elbo, reconstruction_log_prob, kl, pcaK_error.")
    Path out;

    @Override
    public Integer call() {
        if (k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        try (LoadedRun loaded = load()) {
            Vae vae = loaded.vae("score");
            Dataset data = loaded.data(dataset, split, dataDir, n);
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
                Dataset train = loaded.data(null, "train", dataDir, PCA_ROWS);
                pcaComponents.forEach(c -> pcas.add(PcaReconstructionError.fit(train, c)));
            }
            ExampleScores s = new ImportanceSampledLogLikelihood(k, seed).score(vae, data);
            List<double[]> pcaErrors = pcas.stream().map(p -> p.score(data)).toList();
            StringBuilder csv = new StringBuilder(data.hasLabels() ? "index,label," : "index,");
            csv.append("log_px,elbo,reconstruction_log_prob,kl");
            pcaComponents.forEach(c -> csv.append(",pca").append(c).append("_error"));
            csv.append('\n');
            for (int i = 0; i < data.size(); i++) {
                csv.append(i).append(',');
                if (data.hasLabels()) {
                    int label = data.labels()[i];
                    csv.append(labelNames == null ? String.valueOf(label) : CsvReader.quote(labelNames.get(label)));
                    csv.append(',');
                }
                csv.append(String.format(
                        Locale.ROOT,
                        "%.6f,%.6f,%.6f,%.6f",
                        s.logLikelihood()[i],
                        s.elbo()[i],
                        s.reconstructionLogProbability()[i],
                        s.kl()[i]));
                for (double[] e : pcaErrors) {
                    csv.append(String.format(Locale.ROOT, ",%.6f", e[i]));
                }
                csv.append('\n');
            }
            AtomicFiles.writeString(out, csv.toString());
            if (histogram != null) {
                String title = "log p(x) of " + data.name() + " (k = " + k + ")";
                if (anomalous == null) {
                    Histogram.write(s.logLikelihood(), 50, title, "log p(x), nats", histogram);
                } else {
                    Map<String, double[]> groups = new LinkedHashMap<>();
                    groups.put("others", select(s.logLikelihood(), anomalous, false));
                    groups.put(anomalyLabel, select(s.logLikelihood(), anomalous, true));
                    Histogram.write(groups, 50, 0.02, title, "log p(x), nats", histogram);
                }
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("scored %d examples of %s (k = %d, seed %d) -> %s%n", data.size(), data.name(), k, seed, out);
            int[] lowest = IntStream.range(0, data.size())
                    .boxed()
                    .sorted(Comparator.comparingDouble(i -> s.logLikelihood()[i]))
                    .limit(5)
                    .mapToInt(Integer::intValue)
                    .toArray();
            StringBuilder worst = new StringBuilder("lowest log p(x):");
            for (int i : lowest) {
                worst.append(String.format(Locale.ROOT, " #%d (%.2f)", i, s.logLikelihood()[i]));
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
                printAuroc(stdout, "log p(x)", negated(s.logLikelihood()), anomalous);
                printAuroc(stdout, "ELBO", negated(s.elbo()), anomalous);
                printAuroc(stdout, "reconstruction probability", negated(s.reconstructionLogProbability()), anomalous);
                for (int c = 0; c < pcas.size(); c++) {
                    printAuroc(
                            stdout,
                            String.format(
                                    Locale.ROOT,
                                    "PCA error (k = %d, %.1f%% of variance)",
                                    pcaComponents.get(c),
                                    100 * pcas.get(c).explainedVariance()),
                            pcaErrors.get(c),
                            anomalous);
                }
            }
            stdout.flush();
        }
        return 0;
    }

    /** Which rows carry the anomaly label: a label text when the data has text labels, else a label number. */
    private boolean[] anomalous(Dataset data, List<String> labelNames) {
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
        boolean[] anomalous = new boolean[data.size()];
        for (int i = 0; i < anomalous.length; i++) {
            anomalous[i] = data.labels()[i] == id;
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
