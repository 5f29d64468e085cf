package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.latent.ManifoldGrid;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.viz.ImageGrid;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit manifold}: the learned data manifold of a 2-D latent space. */
@Command(
        name = "manifold",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "For a model with a 2-dimensional latent space: decode the codes z = (Φ⁻¹(u), Φ⁻¹(v)) for u, v "
                + "evenly spaced in (0, 1), (i + 0.5)/grid, into one PNG (Kingma & Welling 2014, figure 4). z0 grows "
                + "to the right, z1 upwards.")
final class ManifoldCommand extends RunCommand {

    @Option(names = "--grid", paramLabel = "G", description = "Images per side (default ${DEFAULT-VALUE}).")
    int grid = 20;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/manifold.png).")
    Path out;

    @Override
    public Integer call() {
        if (grid < 1 || grid > 100) {
            throw new InvalidInputException("--grid must be in [1, 100], got " + grid);
        }
        Path target = out != null ? out : run.resolve("manifold.png");
        try (LoadedRun loaded = load()) {
            Autoencoder model = loaded.model();
            int latentDim = model.config().latentDim();
            if (latentDim != 2) {
                throw new InvalidInputException("manifold needs a 2-dimensional latent space; the model in " + run
                        + " has latentDim " + latentDim + " (latent-plot projects wider codes)");
            }
            float[] images = LatentSpace.decodeMeans(model, ManifoldGrid.codes(grid));
            List<Integer> shape = model.config().inputShape();
            ImageGrid.write(images, shape.get(0), shape.get(1), shape.get(2), grid, 1, target);
            double edge = ManifoldGrid.quantiles(grid)[grid - 1];
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %s: %d×%d codes, z0 and z1 from %.3f to %.3f%n",
                            target,
                            grid,
                            grid,
                            -edge,
                            edge);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
