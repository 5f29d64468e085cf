package dev.vaekit.cli;

import dev.vaekit.data.Dataset;
import dev.vaekit.latent.LatentTraversal;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.viz.ImageGrid;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit traverse}: each latent dimension swept on its own around a few examples' codes, as one PNG. */
@Command(
        name = "traverse",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Latent traversal: for a few test examples, move one code dimension at a time over ±3 standard "
                + "deviations of its codes (the others held) and decode; one row per dimension, the most informative "
                + "first (by the mean KL(q(z_j|x) ‖ N(0, 1)), or by the codes' spread for a model without it), the "
                + "examples side by side. Writes one PNG.")
final class TraverseCommand extends RunCommand {

    @Option(names = "--examples", paramLabel = "N", description = "Examples swept (default ${DEFAULT-VALUE}).")
    int examples = 3;

    @Option(
            names = "--steps",
            paramLabel = "K",
            description = "Decodes per example and row (default ${DEFAULT-VALUE}).")
    int steps = 9;

    @Option(
            names = "--span",
            paramLabel = "S",
            description = "Standard deviations to either side (default ${DEFAULT-VALUE}).")
    double span = 3;

    @Option(
            names = "--rows",
            paramLabel = "N",
            description = "Test rows whose codes give each dimension's spread and KL (default ${DEFAULT-VALUE}).")
    int rows = 1000;

    @Option(
            names = "--scale",
            paramLabel = "S",
            description = "Pixels per image pixel (default: 2 below 48 pixels, else 1).")
    Integer scale;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/traverse.png).")
    Path out;

    @Override
    public Integer call() {
        if (rows < 2 || rows > 100_000) {
            throw new dev.vaekit.InvalidInputException("--rows must be in [2, 100000], got " + rows);
        }
        if (scale != null && (scale < 1 || scale > 8)) {
            throw new dev.vaekit.InvalidInputException("--scale must be in [1, 8], got " + scale);
        }
        Path target = out != null ? out : run.resolve("traverse.png");
        try (LoadedRun loaded = load()) {
            Autoencoder model = loaded.model();
            Dataset data = loaded.testData(dataDir, rows).materialize("traverse", Integer.MAX_VALUE);
            LatentTraversal t = LatentTraversal.of(model, data, examples, steps, span);
            List<Integer> shape = model.config().inputShape();
            int pixels = scale != null ? scale : Math.max(shape.get(1), shape.get(2)) < 48 ? 2 : 1;
            ImageGrid.write(t.images(), shape.get(0), shape.get(1), shape.get(2), t.columns(), pixels, target);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(
                    Locale.ROOT,
                    "wrote %s: %d rows (code dimensions) × %d examples × %d steps from %+.1f to %+.1f standard "
                            + "deviations; rows ordered by %s over %d rows of %s%n",
                    target,
                    t.dimensions().length,
                    t.examples(),
                    t.steps(),
                    -t.span(),
                    t.span(),
                    t.orderedBy().equals("kl") ? "mean KL(q(z_j|x) ‖ N(0, 1))" : "the standard deviation of the codes",
                    data.size(),
                    data.name());
            for (int r = 0; r < t.dimensions().length; r++) {
                stdout.printf(
                        Locale.ROOT,
                        "row %d: z%d%s, standard deviation %.4f%n",
                        r + 1,
                        t.dimensions()[r],
                        t.kl() == null ? "" : String.format(Locale.ROOT, ", KL %.4f nats", t.kl()[r]),
                        t.spread()[r]);
            }
            stdout.flush();
        }
        return 0;
    }
}
