package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.ImportanceSampledLogLikelihood;
import dev.vaekit.io.AtomicFiles;
import dev.vaekit.models.Vae;
import dev.vaekit.viz.Histogram;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
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
            names = {"-o", "--out"},
            paramLabel = "CSV",
            required = true,
            description = "Output CSV: index, label (if any), log_px, elbo, reconstruction_log_prob, kl.")
    Path out;

    @Override
    public Integer call() {
        if (k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        try (LoadedRun loaded = new LoadedRun(run)) {
            Vae vae = loaded.vae("score");
            Dataset data = loaded.data(dataset, split, dataDir, n);
            ExampleScores s = new ImportanceSampledLogLikelihood(k, seed).score(vae, data);
            StringBuilder csv = new StringBuilder(data.hasLabels() ? "index,label," : "index,");
            csv.append("log_px,elbo,reconstruction_log_prob,kl\n");
            for (int i = 0; i < data.size(); i++) {
                csv.append(i).append(',');
                if (data.hasLabels()) {
                    csv.append(data.labels()[i]).append(',');
                }
                csv.append(String.format(
                        Locale.ROOT,
                        "%.6f,%.6f,%.6f,%.6f%n",
                        s.logLikelihood()[i],
                        s.elbo()[i],
                        s.reconstructionLogProbability()[i],
                        s.kl()[i]));
            }
            AtomicFiles.writeString(out, csv.toString());
            if (histogram != null) {
                Histogram.write(
                        s.logLikelihood(),
                        50,
                        "log p(x) of " + data.name() + " (k = " + k + ")",
                        "log p(x), nats",
                        histogram);
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
            stdout.flush();
        }
        return 0;
    }
}
