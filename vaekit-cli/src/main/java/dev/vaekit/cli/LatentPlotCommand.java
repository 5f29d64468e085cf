package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.latent.LatentCodes;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.latent.PrincipalAxes;
import dev.vaekit.viz.LatentScatter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vaekit latent-plot}: test-set posterior means on a plane, coloured by label. */
@Command(
        name = "latent-plot",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Scatter plot of the posterior means μ(x) (a plain autoencoder: the codes enc(x)) of the test "
                + "(or training) set, one colour per label. A 2-dimensional latent space is drawn as it is; a wider "
                + "one is projected on its first two principal components.")
final class LatentPlotCommand extends RunCommand {

    @Option(names = "--split", paramLabel = "SPLIT", description = "test or train (default ${DEFAULT-VALUE}).")
    String split = "test";

    @Option(names = "--n", paramLabel = "N", description = "First N examples (default ${DEFAULT-VALUE}).")
    int n = 5000;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--svg", description = "Also write the chart as SVG, beside the PNG (plot.png -> plot.svg).")
    boolean svg;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output (default RUN/latent.png).")
    Path out;

    @Override
    public Integer call() {
        if (n < 2) {
            throw new InvalidInputException("--n must be >= 2, got " + n);
        }
        Path png = out != null ? out : run.resolve("latent.png");
        Path svgFile = svg ? svgSibling(png) : null;
        try (LoadedRun loaded = load()) {
            int latentDim = loaded.model().config().latentDim();
            if (latentDim < 2) {
                throw new InvalidInputException(
                        "latent-plot needs at least 2 latent dimensions; the model in " + run + " has 1");
            }
            DataSource data = loaded.data(null, split, dataDir, n);
            if (data.size() < 2) {
                throw new InvalidInputException(
                        data.name() + ": a plot needs at least 2 examples, found " + data.size());
            }
            LatentCodes codes = LatentSpace.encode(loaded.model(), data, false, 0);
            String what = loaded.model().codeName(false);
            double[] x;
            double[] y;
            String xTitle;
            String yTitle;
            if (latentDim == 2) {
                x = column(codes, 0);
                y = column(codes, 1);
                xTitle = "z0 (" + what + ")";
                yTitle = "z1 (" + what + ")";
            } else {
                PrincipalAxes pca = PrincipalAxes.fit(codes.values(), latentDim, 2);
                double[][] projected = pca.project(codes.values());
                x = projected[0];
                y = projected[1];
                xTitle = String.format(
                        Locale.ROOT,
                        "PC1 of the %d-dimensional %ss (%.1f%% of variance)",
                        latentDim,
                        what,
                        100 * pca.explainedFraction(0));
                yTitle = String.format(
                        Locale.ROOT,
                        "PC2 of the %d-dimensional %ss (%.1f%% of variance)",
                        latentDim,
                        what,
                        100 * pca.explainedFraction(1));
            }
            String title = what + "s of " + codes.size() + " examples of " + data.name();
            XYChart chart = LatentScatter.chart(x, y, codes.labels(), title, xTitle, yTitle);
            LatentScatter.write(chart, png, svgFile);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("wrote " + png + (svgFile != null ? " and " + svgFile : ""));
            stdout.println("x: " + xTitle);
            stdout.println("y: " + yTitle);
            stdout.flush();
        }
        return 0;
    }

    private static double[] column(LatentCodes codes, int j) {
        double[] c = new double[codes.size()];
        for (int i = 0; i < c.length; i++) {
            c[i] = codes.values()[i * codes.latentDim() + j];
        }
        return c;
    }

    /** plot.png → plot.svg; any other name gets .svg appended. */
    static Path svgSibling(Path png) {
        String name = png.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        return png.resolveSibling(stem + ".svg");
    }
}
