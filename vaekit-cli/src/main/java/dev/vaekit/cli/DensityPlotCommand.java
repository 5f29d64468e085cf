package dev.vaekit.cli;

import ai.djl.ndarray.NDScope;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.models.Capabilities;
import dev.vaekit.models.Model;
import dev.vaekit.viz.DensityMap;
import dev.vaekit.viz.LabelledPanels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit density-plot}: a 2-D flow's density on a grid, its samples and the data, side by side. */
@Command(
        name = "density-plot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "For a flow fitted to 2-dimensional data: draw the training data, the model's density p(x) on a "
                + "grid over the same square, and samples of the model, side by side in one PNG; print the density's "
                + "sum over the grid (Σ p · cell area, close to 1 when the square holds the mass).")
final class DensityPlotCommand extends RunCommand {

    @Option(names = "--grid", paramLabel = "G", description = "Cells per side (default ${DEFAULT-VALUE}).")
    int grid = 200;

    @Option(
            names = "--window",
            paramLabel = "X0,X1,Y0,Y1",
            split = ",",
            description = "The square shown (default: the data's range, widened by 10%% each side).")
    List<Double> window;

    @Option(names = "--samples", paramLabel = "N", description = "Samples drawn (default ${DEFAULT-VALUE}).")
    int samples = 2000;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the samples (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/density.png).")
    Path out;

    @Override
    public Integer call() {
        if (grid < 2 || grid > 1000) {
            throw new InvalidInputException("--grid must be in [2, 1000], got " + grid);
        }
        if (samples < 1 || samples > 100_000) {
            throw new InvalidInputException("--samples must be in [1, 100000], got " + samples);
        }
        if (window != null && window.size() != 4) {
            throw new InvalidInputException("--window takes four numbers X0,X1,Y0,Y1, got " + window.size());
        }
        Path target = out != null ? out : run.resolve("density.png");
        try (LoadedRun loaded = load();
                NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Model model = loaded.checkpoint.model();
            if (model.capabilities().likelihood() != Capabilities.Likelihood.EXACT) {
                throw new InvalidInputException(
                        "density-plot needs a model with an exact density (a flow: nice, maf, " + "realnvp, glow); "
                                + run + " holds a " + model.config().type());
            }
            LikelihoodEstimator estimator = model.requireLikelihood("density-plot");
            if (model.config().inputDim() != 2 || !estimator.continuous()) {
                throw new InvalidInputException(
                        "density-plot needs a flow on continuous 2-dimensional data; the flow in "
                                + run + " models " + model.config().inputDim() + " features"
                                + (estimator.continuous() ? "" : " of 8-bit data"));
            }
            Engines.disableGradOnThisThread();
            Engines.seed(seed);
            Dataset data = loaded.data(null, "train", null, 0).materialize("densityplot", Integer.MAX_VALUE);
            DensityMap.Window w = window != null
                    ? new DensityMap.Window(window.get(0), window.get(1), window.get(2), window.get(3))
                    : around(data.features());
            float[] cells = new float[2 * grid * grid];
            for (int j = 0; j < grid; j++) {
                for (int i = 0; i < grid; i++) {
                    double[] c = w.cellCentre(i, j, grid);
                    cells[2 * (j * grid + i)] = (float) c[0];
                    cells[2 * (j * grid + i) + 1] = (float) c[1];
                }
            }
            double[] lp = estimator
                    .score(new Dataset("grid", cells, null, 1, 1, 2), 1, seed, 0)
                    .logLikelihood();
            double[] density = new double[lp.length];
            double mass = 0;
            for (int c = 0; c < lp.length; c++) {
                density[c] = Math.exp((float) lp[c]);
                mass += density[c] * w.cellArea(grid);
            }
            float[] drawn = model.sample(loaded.manager, samples, 1, null).toFloatArray();
            int pixelsPerCell = Math.max(1, (300 + grid - 1) / grid);
            int size = grid * pixelsPerCell; // every panel the same size: at least 300 pixels
            List<BufferedImage> panels = List.of(
                    DensityMap.scatter(data.features(), w, size),
                    DensityMap.heatMap(density, grid, pixelsPerCell),
                    DensityMap.scatter(drawn, w, size));
            LabelledPanels.write(panels, List.of("data", "density p(x)", samples + " samples"), target);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %s: window [%.3f, %.3f] x [%.3f, %.3f], %d×%d cells, density mass on the window "
                                    + "%.4f%n",
                            target,
                            w.x0(),
                            w.x1(),
                            w.y0(),
                            w.y1(),
                            grid,
                            grid,
                            mass);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** The data's bounding box, made square and widened by 10% on each side. */
    private static DensityMap.Window around(float[] points) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int p = 0; p + 1 < points.length; p += 2) {
            for (int a = 0; a < 2; a++) {
                lo[a] = Math.min(lo[a], points[p + a]);
                hi[a] = Math.max(hi[a], points[p + a]);
            }
        }
        double half = 0.6 * Math.max(Math.max(hi[0] - lo[0], hi[1] - lo[1]), 1e-6);
        double cx = (lo[0] + hi[0]) / 2;
        double cy = (lo[1] + hi[1]) / 2;
        return new DensityMap.Window(cx - half, cx + half, cy - half, cy + half);
    }
}
