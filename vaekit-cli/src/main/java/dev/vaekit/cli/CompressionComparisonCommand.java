package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.CompressionComparison;
import dev.vaekit.baselines.DenseRuns;
import dev.vaekit.data.Dataset;
import dev.vaekit.train.RunConfig;
import dev.vaekit.util.AtomicFiles;
import dev.vaekit.viz.LineChart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vaekit compare compression}: reconstruction error of PCA, a plain AE and a VAE at several code sizes. */
@Command(
        name = "compression",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "For each code size k: fit PCA with k components, and train a dense plain autoencoder and a dense "
                        + "VAE with a k-dimensional code on the training rows (values as they are, no binarization); print "
                        + "the test reconstruction error of each (squared error per feature and per example; binary cross-entropy per "
                        + "example for data in [0, 1]) as a Markdown table; with --report also write compression.md, "
                        + "compression.csv and compression.png.")
final class CompressionComparisonCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ComparisonData data;

    @Option(names = "--dims", paramLabel = "K", split = ",", description = "Code sizes (default 2,5,10,20,50).")
    List<Integer> dims = List.of(2, 5, 10, 20, 50);

    @Option(
            names = "--epochs",
            paramLabel = "E",
            description = "Training epochs of AE and VAE (default ${DEFAULT-VALUE}).")
    int epochs = 10;

    @Option(names = "--hidden", paramLabel = "H", split = ",", description = "Hidden widths (default 400).")
    List<Integer> hidden = List.of(400);

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = {"--report", "--out"},
            paramLabel = "DIR",
            description = "Also write the report (table, CSV and chart) in this folder (created if missing).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (dims.isEmpty() || dims.stream().anyMatch(k -> k < 1) || epochs < 1) {
            throw new InvalidInputException("--dims must be sizes >= 1 and --epochs >= 1");
        }
        ComparisonData.createReportFolder(out);
        ComparisonData.Rows split = data.load();
        Dataset train = split.train();
        Dataset test = split.test();
        for (int k : dims) {
            if (k > train.dim()) {
                throw new InvalidInputException("--dims: " + k + " exceeds the " + train.dim() + " features");
            }
        }
        boolean unit = inUnitInterval(train);
        List<CompressionComparison.Row> rows = new ArrayList<>();
        for (int k : dims) {
            rows.add(CompressionComparison.pca(train, test, k));
            rows.add(CompressionComparison.trained(config("dense-ae", k, unit), "AE", train, test));
            rows.add(CompressionComparison.trained(config("dense-vae", k, unit), "VAE", train, test));
        }
        StringBuilder md = new StringBuilder(
                "| k | method | MSE per feature | squared error per example | BCE per example (nats) | seconds |\n"
                        + "|---:|---|---:|---:|---:|---:|\n");
        StringBuilder csv = new StringBuilder("k,method,mse,squared_error,bce,seconds\n");
        for (CompressionComparison.Row r : rows) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.5f | %.3f | %.2f | %.1f |%n",
                    r.dim(),
                    r.method(),
                    r.mse(),
                    r.squaredError(),
                    r.bce(),
                    r.seconds()));
            csv.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%.7f,%.5f,%.4f,%.3f%n",
                    r.dim(),
                    r.method(),
                    r.mse(),
                    r.squaredError(),
                    r.bce(),
                    r.seconds()));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(
                "%s: %d training rows, %d test rows; AE and VAE: dense %s, %d epochs, %s likelihood%n%n%s",
                data.dataset, train.size(), test.size(), hidden, epochs, unit ? "Bernoulli" : "Gaussian", md);
        o.flush();
        if (out != null) {
            AtomicFiles.writeString(
                    out.resolve("compression.md"),
                    "### Reconstruction error on " + data.dataset + "\n\n" + md
                            + "\n![MSE by code size](compression.png)\n");
            AtomicFiles.writeString(out.resolve("compression.csv"), csv.toString());
            double[] x = dims.stream().mapToDouble(Integer::doubleValue).toArray();
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String method : List.of("PCA", "AE", "VAE")) {
                series.put(
                        method,
                        rows.stream()
                                .filter(r -> r.method().equals(method))
                                .mapToDouble(CompressionComparison.Row::mse)
                                .toArray());
            }
            LineChart.write(
                    "test reconstruction error, " + data.dataset,
                    "code size k",
                    "MSE per feature",
                    x,
                    series,
                    true,
                    out.resolve("compression.png"));
            o.println("wrote " + out.resolve("compression.md") + ", .csv and .png");
        }
        return 0;
    }

    private RunConfig config(String type, int k, boolean unit) {
        return DenseRuns.config(data.dataset, type, k, hidden, unit ? "bernoulli" : "gaussian", epochs, seed);
    }

    private static boolean inUnitInterval(Dataset data) {
        for (float v : data.features()) {
            if (v < 0 || v > 1) {
                return false;
            }
        }
        return true;
    }
}
