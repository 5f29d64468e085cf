package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.demos.ElboGapDemo;
import dev.vaekit.demos.EstimatorVarianceDemo;
import dev.vaekit.demos.KlWeightDemo;
import dev.vaekit.demos.ReparameterizationDemo;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.viz.ImageGrid;
import dev.vaekit.viz.LabelledPanels;
import dev.vaekit.viz.LineChart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vaekit demo}: the ideas of docs/theory.md shown with vaekit's own numbers, each a subcommand that runs in a
 * minute or two on the embedded mnist-mini data, prints a table and writes a picture.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Demonstrations of the theory (docs/theory.md) on the embedded mnist-mini data.",
        subcommands = {
            DemoCommand.Reparameterization.class,
            DemoCommand.Estimators.class,
            DemoCommand.ElboGap.class,
            DemoCommand.KlWeight.class,
            DemoCommand.AeVsVae.class
        })
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing which demo: expected one of " + spec.subcommands().keySet());
    }

    /** What every demo takes: an output folder and a seed. */
    abstract static class Demo implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", description = "Folder for the picture (default runs/demo-<name>).")
        Path out;

        @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed = 1;

        /** @return the output folder, created */
        Path outDir() {
            Path dir = out != null ? out : Path.of("runs", "demo-" + spec.name());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
            }
            return dir;
        }

        PrintWriter stdout() {
            return spec.commandLine().getOut();
        }

        static void positive(String option, int value) {
            if (value < 1) {
                throw new InvalidInputException(option + " must be >= 1, got " + value);
            }
        }
    }

    /** {@code demo reparameterization}. */
    @Command(
            name = "reparameterization",
            mixinStandardHelpOptions = true,
            description = "Gradient of E[z^2], z ~ N(mu, sigma^2), by the reparameterization trick and by the "
                    + "score-function estimator: both unbiased, very different variances (no training; a second).")
    static final class Reparameterization extends Demo {
        @Option(names = "--mu", description = "mu (default ${DEFAULT-VALUE}).")
        double mu = 1.0;

        @Option(names = "--sigma", description = "sigma of the table (default ${DEFAULT-VALUE}).")
        double sigma = 1.0;

        @Option(names = "--draws", description = "Draws per estimator (default ${DEFAULT-VALUE}).")
        int draws = 100_000;

        @Override
        public Integer call() {
            positive("--draws", draws);
            if (!(sigma > 0)) {
                throw new InvalidInputException("--sigma must be > 0, got " + sigma);
            }
            ReparameterizationDemo.Result r = ReparameterizationDemo.run(mu, sigma, draws, seed);
            PrintWriter o = stdout();
            o.printf("d/dtheta E[z^2], z ~ N(%.2f, %.2f^2); %d draws per estimator, seed %d%n", mu, sigma, draws, seed);
            o.printf("%-20s %-6s %9s %20s %14s%n", "estimator", "theta", "truth", "estimate ± s.e.", "variance/draw");
            for (ReparameterizationDemo.Row row : r.rows()) {
                o.printf(
                        "%-20s %-6s %9.4f %11.4f ± %6.4f %14.3f%n",
                        row.estimator(), row.parameter(), row.truth(), row.mean(), row.stdErr(), row.variance());
            }
            double[] sigmas = {0.25, 0.5, 1, 2, 4};
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int i = 0; i < sigmas.length; i++) {
                for (ReparameterizationDemo.Row row :
                        ReparameterizationDemo.run(mu, sigmas[i], draws, seed).rows()) {
                    series.computeIfAbsent(row.estimator() + ", d/d" + row.parameter(), k -> new double[sigmas.length])[
                                    i] =
                            Math.log10(row.variance());
                }
            }
            Path png = outDir().resolve("reparameterization.png");
            LineChart.write(
                    "Variance of one draw's gradient estimate, f(z) = z², μ = " + mu,
                    "σ",
                    "log10 variance",
                    sigmas,
                    series,
                    true,
                    png);
            o.println("wrote " + png);
            o.flush();
            return 0;
        }
    }

    /** {@code demo estimators}. */
    @Command(
            name = "estimators",
            mixinStandardHelpOptions = true,
            description =
                    "Variance of the ELBO and of its gradient under Kingma & Welling's estimator A "
                            + "(Monte-Carlo KL) and B (analytic KL), for L = 1, 2, 5, 10, on one batch of a briefly trained VAE.")
    static final class Estimators extends Demo {
        @Option(names = "--epochs", description = "Training epochs (default ${DEFAULT-VALUE}).")
        int epochs = 5;

        @Option(names = "--batch", description = "Test images in the batch (default ${DEFAULT-VALUE}).")
        int batch = 100;

        @Option(names = "--draws", description = "Draws per estimator and L (default ${DEFAULT-VALUE}).")
        int draws = 200;

        @Override
        public Integer call() {
            positive("--epochs", epochs);
            positive("--batch", batch);
            if (draws < 2) {
                throw new InvalidInputException("--draws must be >= 2, got " + draws);
            }
            int[] ls = {1, 2, 5, 10};
            EstimatorVarianceDemo.Result r = EstimatorVarianceDemo.run(epochs, batch, draws, ls, seed);
            PrintWriter o = stdout();
            o.printf(
                    "784-200-20 VAE, %d epochs of mnist-mini; one batch of %d test images; %d draws each, seed %d%n",
                    epochs, batch, draws, seed);
            o.printf("%-9s %3s %12s %14s %22s%n", "estimator", "L", "ELBO", "Var[ELBO]", "Σ Var[∂ELBO/∂w_enc]");
            Map<String, double[]> series = new LinkedHashMap<>();
            for (int i = 0; i < r.rows().size(); i++) {
                EstimatorVarianceDemo.Row row = r.rows().get(i);
                o.printf(
                        "%-9s %3d %12.3f %14.5f %22.3f%n",
                        row.estimator().id().toUpperCase(java.util.Locale.ROOT),
                        row.samples(),
                        row.elboMean(),
                        row.elboVariance(),
                        row.gradientVariance());
                int at = i / 2;
                String e = row.estimator() == Estimator.A ? "A" : "B";
                series.computeIfAbsent("Var[ELBO], " + e, k -> new double[ls.length])[at] =
                        Math.log10(row.elboVariance());
                series.computeIfAbsent("Σ Var[gradient], " + e, k -> new double[ls.length])[at] =
                        Math.log10(row.gradientVariance());
            }
            double[] x = {1, 2, 5, 10};
            Path png = outDir().resolve("estimators.png");
            LineChart.write(
                    "Estimator A (Monte-Carlo KL) against B (analytic KL)",
                    "L",
                    "log10 variance",
                    x,
                    series,
                    true,
                    png);
            o.println("wrote " + png);
            o.flush();
            return 0;
        }
    }

    /** {@code demo elbo-gap}. */
    @Command(
            name = "elbo-gap",
            mixinStandardHelpOptions = true,
            description = "ELBO against the importance-sampled log p(x) for k = 1, 5, 50, 500, 5000 on a briefly "
                    + "trained VAE: the bound rises with k; the gap to the ELBO is the posterior's KL.")
    static final class ElboGap extends Demo {
        @Option(names = "--epochs", description = "Training epochs (default ${DEFAULT-VALUE}).")
        int epochs = 10;

        @Option(names = "--images", description = "Test images (default ${DEFAULT-VALUE}).")
        int images = 200;

        @Override
        public Integer call() {
            positive("--epochs", epochs);
            positive("--images", images);
            int[] ks = {1, 5, 50, 500, 5000};
            ElboGapDemo.Result r = ElboGapDemo.run(epochs, images, ks, seed);
            PrintWriter o = stdout();
            o.printf(
                    "784-200-20 VAE, %d epochs of mnist-mini; %d test images (binarised once), seed %d%n",
                    epochs, r.images(), seed);
            o.printf("ELBO (analytic KL, one z per image): %.3f nats%n", r.elbo());
            o.printf("%6s %22s %16s %8s%n", "k", "log p(x) estimate", "above the ELBO", "time");
            double[] x = new double[ks.length];
            double[] bound = new double[ks.length];
            double[] elbo = new double[ks.length];
            for (int i = 0; i < r.rows().size(); i++) {
                ElboGapDemo.Row row = r.rows().get(i);
                o.printf(
                        "%6d %12.3f ± %6.3f %16.3f %7.1fs%n",
                        row.k(), row.logPx(), row.stdErr(), row.logPx() - r.elbo(), row.seconds());
                x[i] = row.k();
                bound[i] = row.logPx();
                elbo[i] = r.elbo();
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("importance-sampled bound (IWAE)", bound);
            series.put("ELBO", elbo);
            Path png = outDir().resolve("elbo-gap.png");
            LineChart.write("log p(x) estimates as k grows", "k", "nats per image", x, series, true, png);
            o.println("wrote " + png);
            o.flush();
            return 0;
        }
    }

    /** {@code demo kl-weight}. */
    @Command(
            name = "kl-weight",
            mixinStandardHelpOptions = true,
            description = "A beta sweep (0, 0.5, 1, 2, 4): reconstruction, KL, active units, NLL and prior samples "
                    + "side by side.")
    static final class KlWeight extends Demo {
        @Option(names = "--epochs", description = "Training epochs per beta (default ${DEFAULT-VALUE}).")
        int epochs = 8;

        @Option(names = "--latent-dim", description = "Latent dimension (default ${DEFAULT-VALUE}).")
        int latentDim = 10;

        @Option(names = "--images", description = "Test images scored (default ${DEFAULT-VALUE}).")
        int images = 500;

        @Option(names = "--k", description = "Importance samples for the NLL (default ${DEFAULT-VALUE}).")
        int k = 100;

        @Override
        public Integer call() {
            positive("--epochs", epochs);
            positive("--latent-dim", latentDim);
            positive("--images", images);
            positive("--k", k);
            double[] betas = {0, 0.5, 1, 2, 4};
            KlWeightDemo.Result r = KlWeightDemo.run(betas, epochs, latentDim, images, k, 36, seed);
            PrintWriter o = stdout();
            o.printf(
                    "784-200-%d VAE per beta, %d epochs of mnist-mini each; %d test images, k = %d, seed %d%n",
                    latentDim, epochs, r.images(), k, seed);
            o.printf("%5s %16s %9s %13s %9s%n", "beta", "reconstruction", "KL", "active units", "NLL");
            List<java.awt.image.BufferedImage> panels = new ArrayList<>();
            List<String> titles = new ArrayList<>();
            for (KlWeightDemo.Row row : r.rows()) {
                o.printf(
                        "%5.1f %16.3f %9.3f %8d of %-3d %9.3f%n",
                        row.beta(), row.reconstruction(), row.kl(), row.activeUnits(), latentDim, row.nll());
                panels.add(ImageGrid.render(row.samples(), 1, 28, 28, 6, 2));
                titles.add(String.format("β = %.1f: KL %.1f, %d active", row.beta(), row.kl(), row.activeUnits()));
            }
            Path png = outDir().resolve("kl-weight.png");
            LabelledPanels.write(panels, titles, png);
            o.println("wrote " + png + " (decoded draws of the prior, one panel per beta)");
            o.flush();
            return 0;
        }
    }

    /** {@code demo ae-vs-vae}: trains a plain autoencoder and a VAE briefly, then runs {@code compare ae-vs-vae}. */
    @Command(
            name = "ae-vs-vae",
            mixinStandardHelpOptions = true,
            description = "Train a plain autoencoder and a VAE (784-200-2, mnist-mini) and decode the same draws of "
                    + "N(0, I) through both: only the VAE's decode to digits (runs 'compare ae-vs-vae').")
    static final class AeVsVae extends Demo {
        @Option(names = "--epochs", description = "Training epochs of each (default ${DEFAULT-VALUE}).")
        int epochs = 20;

        @Override
        public Integer call() {
            positive("--epochs", epochs);
            Path dir = outDir();
            PrintWriter o = stdout();
            PrintWriter err = spec.commandLine().getErr();
            for (String model : new String[] {"dense-ae", "dense-vae"}) {
                Path run = dir.resolve(model);
                if (dev.vaekit.train.Checkpoint.exists(run)) {
                    o.println("using the existing run " + run);
                    continue;
                }
                int code = Main.run(
                        new String[] {
                            "train",
                            "--model",
                            model,
                            "--dataset",
                            "mnist-mini",
                            "--hidden",
                            "200",
                            "--latent-dim",
                            "2",
                            "--epochs",
                            Integer.toString(epochs),
                            "--seed",
                            Long.toString(seed),
                            "--quiet",
                            "--out",
                            run.toString()
                        },
                        o,
                        err);
                if (code != 0) {
                    return code;
                }
            }
            return Main.run(
                    new String[] {
                        "compare",
                        "ae-vs-vae",
                        "--ae",
                        dir.resolve("dense-ae").toString(),
                        "--vae",
                        dir.resolve("dense-vae").toString(),
                        "--seed",
                        Long.toString(seed),
                        "-o",
                        dir.resolve("ae-vs-vae.png").toString()
                    },
                    o,
                    err);
        }
    }
}
