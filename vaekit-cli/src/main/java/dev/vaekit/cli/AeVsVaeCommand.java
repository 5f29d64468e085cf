package dev.vaekit.cli;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.eval.NearestNeighbours;
import dev.vaekit.latent.CodeStatistics;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.latent.PriorSampledLogLikelihood;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.train.Configs;
import dev.vaekit.viz.ImageGrid;
import dev.vaekit.viz.LabelledPanels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code vaekit compare ae-vs-vae}: the same draws of N(0, I) decoded by a plain autoencoder and by a VAE of the same
 * size, side by side, with numbers that say how the two differ and why.
 */
@Command(
        name = "ae-vs-vae",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Decode the same n draws z ~ N(0, I) through a plain autoencoder (--ae, a dense-ae run) and a VAE "
                    + "(--vae, a dense-vae run) of the same latent dimension and input shape, write the mean images "
                    + "E[x|z] side by side in one PNG (left AE, right VAE), and print:",
            "  nearest training image: for each decoded image, the distance to the nearest of the first --train-n "
                    + "training images of the VAE's dataset, averaged; Euclidean, and as the angle between the images "
                    + "seen as vectors. Euclidean distance rewards faint images (a blank image is closer to its "
                    + "nearest MNIST digit than most MNIST digits are to theirs); the angle ignores brightness. The "
                    + "same numbers for real test images are the yardstick.",
            "  log p(x) with z ~ N(0, I): the log-likelihood of --test-n test images under each decoder when its "
                    + "codes are drawn from N(0, I), log (1/k) Σ p(x|z_i) over k prior draws shared by both models. "
                    + "For the VAE this is its own model; for the AE it is what decoding Gaussian codes amounts to. "
                    + "A loose lower bound with this simple estimator: compare the two, not with 'vaekit eval'.",
            "  codes of test images: per-dimension mean and standard deviation of the AE's codes enc(x) and of one "
                    + "draw of the VAE's q(z|x) per image, and the KL divergence from their diagonal-Gaussian fit to "
                    + "N(0, I). Nothing pulls an AE's codes towards N(0, I), so most draws of N(0, I) are codes its "
                    + "decoder never saw."
        })
final class AeVsVaeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ae", paramLabel = "RUN", required = true, description = "Run folder of a plain autoencoder.")
    Path aeRun;

    @Option(names = "--vae", paramLabel = "RUN", required = true, description = "Run folder of a VAE.")
    Path vaeRun;

    @Option(names = "--n", paramLabel = "N", description = "Codes drawn and decoded (default ${DEFAULT-VALUE}).")
    int n = 64;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            description = "Seed of the codes, the prior draws and the VAE's q(z|x) draws (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--k", paramLabel = "K", description = "Draws of N(0, I) for log p(x) (default ${DEFAULT-VALUE}).")
    int k = 5000;

    @Option(
            names = "--train-n",
            paramLabel = "N",
            description = "Training images searched for the nearest one (default ${DEFAULT-VALUE}).")
    int trainN = 10_000;

    @Option(
            names = "--test-n",
            paramLabel = "N",
            description = "Test images scored and encoded (default ${DEFAULT-VALUE}).")
    int testN = 1000;

    @Option(
            names = "--columns",
            paramLabel = "C",
            description = "Images per row of each panel (default ${DEFAULT-VALUE}).")
    int columns = 8;

    @Option(
            names = {"-o", "--out"},
            paramLabel = "PNG",
            description = "Output picture (default AE_RUN/ae-vs-vae.png).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    /** Mean and standard error of per-image values. */
    record MeanWithError(double mean, double stdErr) {
        static MeanWithError of(double[] values) {
            int m = values.length;
            double mean = 0;
            for (double v : values) {
                mean += v / m;
            }
            double ss = 0;
            for (double v : values) {
                ss += (v - mean) * (v - mean);
            }
            return new MeanWithError(mean, m > 1 ? Math.sqrt(ss / (m - 1) / m) : Double.NaN);
        }
    }

    /** Mean distance of images to their nearest reference image: Euclidean, and the angle in degrees. */
    record Distances(double euclidean, double angle) {
        static final Distances NONE = new Distances(Double.NaN, Double.NaN);

        static Distances of(float[] images, Dataset reference, LoadedRun loaded) {
            return new Distances(
                    mean(images, reference, NearestNeighbours.Metric.EUCLIDEAN, loaded),
                    mean(images, reference, NearestNeighbours.Metric.ANGLE, loaded));
        }

        private static double mean(
                float[] images, Dataset reference, NearestNeighbours.Metric metric, LoadedRun loaded) {
            return NearestNeighbours.find(images, reference.features(), reference.dim(), metric, loaded.manager)
                    .meanDistance();
        }
    }

    @Override
    public Integer call() {
        if (n < 2 || n > 10_000) {
            throw new InvalidInputException("--n must be in [2, 10000], got " + n);
        }
        if (k < 1) {
            throw new InvalidInputException("--k must be >= 1, got " + k);
        }
        if (trainN < 1) {
            throw new InvalidInputException("--train-n must be >= 1, got " + trainN);
        }
        if (testN < 2) {
            throw new InvalidInputException("--test-n must be >= 2, got " + testN);
        }
        if (columns < 1) {
            throw new InvalidInputException("--columns must be >= 1, got " + columns);
        }
        Path png = out != null ? out : aeRun.resolve("ae-vs-vae.png");
        try (LoadedRun aeLoaded = new LoadedRun(aeRun);
                LoadedRun vaeLoaded = new LoadedRun(vaeRun)) {
            Autoencoder ae = aeLoaded.model();
            if (aeLoaded.checkpoint.model().capabilities().prior()) {
                throw new InvalidInputException(
                        "--ae: " + aeRun + " holds a " + ae.config().type()
                                + ", which has a prior; expected a plain autoencoder (train one with --model dense-ae)");
            }
            Autoencoder vae = vaeLoaded.model();
            vaeLoaded.checkpoint.model().requireLikelihood("--vae");
            checkSameSize(ae, vae);
            int latentDim = vae.config().latentDim();

            float[] codes = standardNormalCodes(vaeLoaded, latentDim);
            float[] aeImages = LatentSpace.decodeMeans(ae, codes);
            float[] vaeImages = LatentSpace.decodeMeans(vae, codes);
            writePicture(aeImages, vaeImages, vae.config().inputShape(), png);

            String datasetName = vaeLoaded.checkpoint.config().data().dataset();
            DatasetSplit raw = Datasets.load(datasetName, dataDir);
            Dataset reference = raw.train()
                    .slice(0, Math.min(trainN, raw.train().size()))
                    .materialize("the comparison", Integer.MAX_VALUE);
            Distances aeDistances = Distances.of(aeImages, reference, vaeLoaded);
            Distances vaeDistances = Distances.of(vaeImages, reference, vaeLoaded);
            Distances testDistances = raw.hasTest()
                    ? Distances.of(
                            raw.test()
                                    .slice(0, Math.min(n, raw.test().size()))
                                    .materialize("the comparison", Integer.MAX_VALUE)
                                    .features(),
                            reference,
                            vaeLoaded)
                    : Distances.NONE;

            // test rows (training rows for data without a test split), prepared as each run saw its data
            String split = raw.hasTest() ? "test" : "train";
            DataSource aeRows = aeLoaded.data(null, split, dataDir, testN);
            DataSource vaeRows = vaeLoaded.data(null, split, dataDir, testN);
            PriorSampledLogLikelihood prior = new PriorSampledLogLikelihood(k, seed);
            MeanWithError aeLogP = MeanWithError.of(prior.logLikelihoods(ae, vaeRows));
            MeanWithError vaeLogP = MeanWithError.of(prior.logLikelihoods(vae, vaeRows));

            CodeStatistics aeCodes = CodeStatistics.of(LatentSpace.encode(ae, aeRows, false, 0));
            CodeStatistics vaeCodes = CodeStatistics.of(LatentSpace.encode(vae, vaeRows, true, seed));

            PrintWriter stdout = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("ae", aeRun.toString());
                o.put("vae", vaeRun.toString());
                o.put("png", png.toString());
                o.put("n", n);
                o.put("latentDim", latentDim);
                o.put("seed", seed);
                o.put("referenceDataset", datasetName);
                o.put("trainRows", reference.size());
                o.put(
                        "nearestTrainDistance",
                        triple(aeDistances.euclidean(), vaeDistances.euclidean(), testDistances.euclidean()));
                o.put("nearestTrainAngle", triple(aeDistances.angle(), vaeDistances.angle(), testDistances.angle()));
                o.put("split", split);
                o.put("rows", vaeRows.size());
                o.put("k", k);
                Map<String, Object> logP = new LinkedHashMap<>();
                logP.put("ae", aeLogP.mean());
                logP.put("aeStdErr", aeLogP.stdErr());
                logP.put("vae", vaeLogP.mean());
                logP.put("vaeStdErr", vaeLogP.stdErr());
                o.put("priorLogLikelihood", logP);
                o.put("aeCodes", codeJson(aeCodes));
                o.put("vaeCodes", codeJson(vaeCodes));
                stdout.println(Configs.json()
                        .writer()
                        .withoutFeatures(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(o));
            } else {
                stdout.printf(
                        Locale.ROOT,
                        "codes    %d draws of z ~ N(0, I), latent dim %d, seed %d, decoded to E[x|z] by both models%n",
                        n,
                        latentDim,
                        seed);
                stdout.printf("picture  %s (left: plain autoencoder %s; right: VAE %s)%n", png, aeRun, vaeRun);
                stdout.println();
                row(
                        stdout,
                        "nearest of " + reference.size() + " " + datasetName + " training images",
                        "AE decodes",
                        "VAE decodes",
                        "test images");
                row(
                        stdout,
                        "  Euclidean distance",
                        fixed(aeDistances.euclidean(), 3),
                        fixed(vaeDistances.euclidean(), 3),
                        fixed(testDistances.euclidean(), 3));
                row(
                        stdout,
                        "  angle, degrees",
                        fixed(aeDistances.angle(), 1),
                        fixed(vaeDistances.angle(), 1),
                        fixed(testDistances.angle(), 1));
                stdout.println();
                row(stdout, vaeRows.size() + " " + split + " images, z ~ N(0, I)", "AE decoder", "VAE decoder", "");
                row(stdout, "  log p(x), k = " + k + " (nats)", withError(aeLogP), withError(vaeLogP), "");
                stdout.println();
                row(stdout, "codes of the same images", "AE enc(x)", "VAE z~q(z|x)", "N(0, I)");
                row(
                        stdout,
                        "  mean over dims of |mean|",
                        fixed(aeCodes.meanAbsMean(), 3),
                        fixed(vaeCodes.meanAbsMean(), 3),
                        "0");
                row(stdout, "  std per dim: min/median/max", stdRange(aeCodes), stdRange(vaeCodes), "1");
                row(
                        stdout,
                        "  KL(Gaussian fit ‖ N(0, I)), nats",
                        fixed(aeCodes.klToStandardNormal(), 2),
                        fixed(vaeCodes.klToStandardNormal(), 2),
                        "0");
            }
            stdout.flush();
        }
        return 0;
    }

    private void checkSameSize(Autoencoder ae, Autoencoder vae) {
        for (Autoencoder model : List.of(ae, vae)) {
            if (model.autoregressive() || model.config().conditional()) {
                throw new InvalidInputException(model.config().type() + " decodes z with "
                        + (model.autoregressive() ? "an autoregressive decoder" : "a label")
                        + "; the comparison decodes bare draws of N(0, I), so it takes unconditional models whose "
                        + "decoder gives E[x|z]");
            }
        }
        if (ae.config().latentDim() != vae.config().latentDim()) {
            throw new InvalidInputException("the runs have different latent dimensions: " + aeRun + " has "
                    + ae.config().latentDim() + ", " + vaeRun + " has "
                    + vae.config().latentDim()
                    + "; the same codes must fit both decoders");
        }
        if (!ae.config().inputShape().equals(vae.config().inputShape())) {
            throw new InvalidInputException("the runs have different input shapes: " + aeRun + " takes "
                    + ae.config().inputShape() + ", " + vaeRun + " takes "
                    + vae.config().inputShape());
        }
    }

    /** n draws of N(0, I), seeded. */
    private float[] standardNormalCodes(LoadedRun loaded, int latentDim) {
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            return loaded.manager.randomNormal(new Shape(n, latentDim)).toFloatArray();
        }
    }

    private void writePicture(float[] aeImages, float[] vaeImages, List<Integer> shape, Path png) {
        int c = shape.get(0);
        int h = shape.get(1);
        int w = shape.get(2);
        LabelledPanels.write(
                List.of(
                        ImageGrid.render(aeImages, c, h, w, columns, 2),
                        ImageGrid.render(vaeImages, c, h, w, columns, 2)),
                List.of("plain AE: " + name(aeRun), "VAE: " + name(vaeRun)),
                png);
    }

    private static String name(Path run) {
        Path file = run.toAbsolutePath().normalize().getFileName();
        return file == null ? run.toString() : file.toString();
    }

    private static void row(PrintWriter out, String label, String a, String b, String c) {
        out.println(
                String.format(Locale.ROOT, "%-40s%16s%16s%16s", label, a, b, c).stripTrailing());
    }

    private static Map<String, Object> triple(double ae, double vae, double test) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ae", ae);
        o.put("vae", vae);
        o.put("test", test);
        return o;
    }

    private static Map<String, Object> codeJson(CodeStatistics s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mean", s.mean());
        o.put("std", s.std());
        o.put("klToPrior", s.klToStandardNormal());
        return o;
    }

    private static String withError(MeanWithError l) {
        return String.format(Locale.ROOT, "%.2f ± %.2f", l.mean(), l.stdErr());
    }

    private static String stdRange(CodeStatistics s) {
        return String.format(Locale.ROOT, "%.2f/%.2f/%.2f", s.minStd(), s.medianStd(), s.maxStd());
    }

    private static String fixed(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
