package dev.vaekit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.Conditions;
import dev.vaekit.viz.ImageGrid;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit reconstruct}: test images beside their reconstructions. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Encode test images to the posterior mean (a plain autoencoder: to its code) and decode them: "
                + "rows of originals, each followed by a row of reconstructions E[x|z=μ(x)], in one PNG.")
final class ReconstructCommand extends RunCommand {

    @Option(names = "--n", paramLabel = "N", description = "Number of test images (default ${DEFAULT-VALUE}).")
    int n = 32;

    @Option(names = "--columns", paramLabel = "C", description = "Images per row (default ${DEFAULT-VALUE}).")
    int columns = 8;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/reconstructions.png).")
    Path out;

    @Override
    public Integer call() {
        if (n < 1 || n > 10_000) {
            throw new InvalidInputException("--n must be in [1, 10000], got " + n);
        }
        if (columns < 1) {
            throw new InvalidInputException("--columns must be >= 1, got " + columns);
        }
        Path target = out != null ? out : run.resolve("reconstructions.png");
        try (LoadedRun loaded = load();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Engines.disableGradOnThisThread();
            Autoencoder model = loaded.model();
            Dataset test = loaded.testData(dataDir, n).materialize("reconstruct", Integer.MAX_VALUE);
            int count = test.size();
            int d = test.dim();
            NDArray x = Tensors.create(loaded.manager, test.features(), new Shape(count, d));
            NDArray condition = Conditions.ofRows(model.config(), test, 0, count, loaded.manager);
            float[] recon = model.render(model.code(x, condition), condition).toFloatArray();
            // interleave: a row of originals, then the same images reconstructed
            int rows = (count + columns - 1) / columns;
            float[] grid = new float[2 * rows * columns * d];
            java.util.Arrays.fill(grid, 0f);
            for (int i = 0; i < count; i++) {
                int row = i / columns;
                int col = i % columns;
                System.arraycopy(test.features(), i * d, grid, ((2 * row) * columns + col) * d, d);
                System.arraycopy(recon, i * d, grid, ((2 * row + 1) * columns + col) * d, d);
            }
            ImageGrid.write(grid, test.channels(), test.height(), test.width(), columns, 2, target);
        }
        spec.commandLine().getOut().println("wrote " + target);
        return 0;
    }
}
