package dev.vaekit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.io.LatentFiles;
import dev.vaekit.models.Conditions;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.viz.ImageGrid;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit sample}: decode draws of the prior into a PNG grid. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Draw z ~ N(0, T²I), decode, and write the mean images E[x|z] as a PNG grid. A plain "
                + "autoencoder (dense-ae) has no prior: for it these are just decoded Gaussian codes, not samples of "
                + "a model (see 'vaekit compare ae-vs-vae'). A VampPrior model draws from its mixture; a conditional "
                + "model draws each row of the grid from one class in turn, or all from --label. A flow draws "
                + "z ~ N(0, T²I) (or its logistic base) and inverts itself; on non-image data it writes the draws as "
                + "CSV rows (default RUN/samples.csv). With --sampler NAME the codes are drawn from a density "
                + "fitted to the run's codes ('vaekit fit-sampler') instead of the prior.")
final class SampleCommand extends RunCommand {

    @Option(names = "--n", paramLabel = "N", description = "Number of samples (default ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            description = "Prior standard deviation (default ${DEFAULT-VALUE}).")
    double temperature = 1.0;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--columns", paramLabel = "C", description = "Images per row (default ${DEFAULT-VALUE}).")
    int columns = 8;

    @Option(
            names = "--label",
            paramLabel = "L",
            description = "For a conditional model: draw every sample from class L (default: row r of the grid is "
                    + "class r mod C).")
    Integer label;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/samples.png).")
    Path out;

    @Option(
            names = "--sampler",
            paramLabel = "NAME",
            description = "Draw the codes from the run's sampler NAME (see 'vaekit fit-sampler') instead of the "
                    + "prior, and decode them; --temperature then scales the sampler's noise.")
    String sampler;

    /** The one-hot classes of the samples of a conditional model, or null. */
    private NDArray condition(ModelConfig config, LoadedRun loaded) {
        int classes = config.conditionClasses();
        if (classes == 0) {
            if (label != null) {
                throw new InvalidInputException("--label: " + config.type() + " is not conditional on labels");
            }
            return null;
        }
        if (label != null && (label < 0 || label >= classes)) {
            throw new InvalidInputException(
                    "--label must be one of the model's classes 0.." + (classes - 1) + ", got " + label);
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = label != null ? label : (i / columns) % classes;
        }
        return Conditions.oneHot(loaded.manager, labels, classes);
    }

    @Override
    public Integer call() {
        if (n < 1 || n > 10_000) {
            throw new InvalidInputException("--n must be in [1, 10000], got " + n);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new InvalidInputException("--temperature must be a finite number > 0, got " + temperature);
        }
        if (columns < 1) {
            throw new InvalidInputException("--columns must be >= 1, got " + columns);
        }
        if (sampler != null && label != null) {
            throw new InvalidInputException("--label picks the class of a conditional model's draws, and --sampler "
                    + "draws the codes of an unconditional one: give one or the other");
        }
        Path target = out != null ? out : run.resolve("samples.png");
        String noPrior = null;
        String drawnFrom = null;
        try (LoadedRun loaded = load();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Engines.disableGradOnThisThread();
            Engines.seed(seed);
            Model model = loaded.checkpoint.model();
            float[] rows;
            if (sampler != null) {
                FitSamplerCommand.Drawn drawn =
                        FitSamplerCommand.drawFromSampler(loaded, sampler, n, temperature, seed);
                rows = drawn.rows();
                drawnFrom = drawn.description();
            } else {
                rows = model.sample(loaded.manager, n, temperature, condition(model.config(), loaded))
                        .toFloatArray();
            }
            List<Integer> shape = model.config().inputShape();
            if (shape.get(1) == 1) { // not images: the draws as rows of a CSV
                target = out != null ? out : run.resolve("samples.csv");
                LatentFiles.writeRows(target, "x", rows, shape.get(0) * shape.get(2), null);
            } else {
                ImageGrid.write(rows, shape.get(0), shape.get(1), shape.get(2), columns, 2, target);
            }
            if (sampler == null && !model.capabilities().prior()) {
                noPrior = model.config().modelType().family().noun();
            }
        }
        spec.commandLine()
                .getOut()
                .println("wrote " + target
                        + (drawnFrom == null ? "" : " (codes drawn from " + sampler + ": " + drawnFrom + ")"));
        if (noPrior != null) {
            spec.commandLine()
                    .getOut()
                    .println("note: " + run + " holds a " + noPrior + ", which has no prior; these are decoded "
                            + "N(0, T²I) codes, not samples of a model");
        }
        return 0;
    }
}
