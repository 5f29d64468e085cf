package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.io.LatentFiles;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit encode}: the latent codes of a dataset, as CSV or NPY. */
@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Encode the run's dataset: write the posterior means μ(x) (or, with --sample, one draw "
                + "z ~ q(z|x) per example) as CSV (columns z0..z{d-1}, then label) or NPY (float32 (n, d); labels in "
                + "FILE.labels.npy). A plain autoencoder writes its codes enc(x).")
final class EncodeCommand extends RunCommand {

    @Option(
            names = "--dataset",
            paramLabel = "SPEC",
            description = "Data to encode (default: the run's dataset); must have the run's example shape, or for a "
                    + "model of a table, its columns.")
    String dataset;

    @Option(names = "--split", paramLabel = "SPLIT", description = "test or train (default ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--n", paramLabel = "N", description = "Encode the first N examples (default all).")
    int n;

    @Option(names = "--sample", description = "Draw z ~ q(z|x) instead of writing μ(x) (VAEs only).")
    boolean sample;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of --sample (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "FILE",
            required = true,
            description = "Output, FILE.csv or FILE.npy.")
    Path out;

    @Override
    public Integer call() {
        if (n < 0) {
            throw new InvalidInputException("--n must be >= 0, got " + n);
        }
        LatentFiles.Format format = LatentFiles.Format.of(out);
        try (LoadedRun loaded = load()) {
            DataSource data = loaded.data(dataset, split, dataDir, n);
            LatentCodes codes = LatentSpace.encode(loaded.model(), data, sample, seed);
            LatentFiles.write(out, codes);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(
                    "encoded %d examples of %s to %d-dimensional %s -> %s%s%n",
                    codes.size(),
                    data.name(),
                    codes.latentDim(),
                    sample
                            ? "draws of q(z|x) (seed " + seed + ")"
                            : loaded.model().codeName(true),
                    out,
                    format == LatentFiles.Format.NPY && codes.hasLabels()
                            ? " (labels in " + LatentFiles.labelsFile(out) + ")"
                            : "");
            stdout.flush();
        }
        return 0;
    }
}
