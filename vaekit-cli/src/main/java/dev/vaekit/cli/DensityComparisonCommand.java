package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.DenseRuns;
import dev.vaekit.baselines.DensityComparison;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.models.Model;
import dev.vaekit.train.RunConfig;
import dev.vaekit.util.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vaekit compare density}: held-out log-likelihoods of a Gaussian, PPCA, GMM, KDE and a dense VAE in one space,
 * beside trained flows or VAEs.
 */
@Command(
        name = "density",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Fit a full-covariance Gaussian, probabilistic PCA (k on a validation split), a GMM (components "
                + "by BIC) and a Gaussian KDE (bandwidth on a validation split) to the training rows, train a dense "
                + "VAE with a Gaussian decoder on them, and print their test log-likelihoods in nats per example, with "
                + "standard errors (the VAE's by importance sampling), beside flows (--flow) and Gaussian-likelihood "
                + "VAEs (--vae) trained on the same continuous data. Data wider than 100 features (images) are compared "
                + "in their first 50 principal coordinates unless --pca says otherwise; all methods then model those "
                + "coordinates, and runs, which model the data, are left out.")
final class DensityComparisonCommand implements Callable<Integer> {
    /** Principal coordinates used by default for data wider than {@link #WIDE} features. */
    static final int DEFAULT_PCA = 50;

    /** Data wider than this are compared in principal coordinates by default. */
    static final int WIDE = 100;

    @Mixin
    CommonOptions common;

    @Mixin
    ComparisonData data;

    @Option(
            names = "--pca",
            paramLabel = "K",
            description = "Principal coordinates to work in; 0 = the data (default: " + DEFAULT_PCA + " for data wider "
                    + "than " + WIDE + " features, else 0).")
    Integer pca;

    @Option(
            names = "--gmm",
            paramLabel = "K",
            split = ",",
            description = "GMM sizes BIC chooses among (default 1,2,4,8,16).")
    List<Integer> gmm = List.of(1, 2, 4, 8, 16);

    @Option(
            names = "--epochs",
            paramLabel = "E",
            description =
                    "Training epochs of the dense VAE and of the MAF; 0 leaves both out (default ${DEFAULT-VALUE}).")
    int epochs = 20;

    @Option(
            names = "--hidden",
            paramLabel = "H",
            split = ",",
            description = "Hidden widths of the dense VAE and of the MAF's MADEs (default 200,200).")
    List<Integer> hidden = List.of(200, 200);

    @Option(
            names = "--latent-dim",
            paramLabel = "Z",
            description = "Latent dimension of the dense VAE (default: the smaller of 10 and the space's width).")
    Integer latentDim;

    @Option(names = "--flow", paramLabel = "RUN", description = "A flow run on this data (repeatable).")
    List<Path> flows = new ArrayList<>();

    @Option(
            names = "--vae",
            paramLabel = "RUN",
            description = "A Gaussian-likelihood VAE run on this data (repeatable).")
    List<Path> vaes = new ArrayList<>();

    @Option(names = "--k", paramLabel = "K", description = "Importance samples for a VAE (default ${DEFAULT-VALUE}).")
    int k = 1000;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(
            names = {"--report", "--out"},
            paramLabel = "DIR",
            description = "Also write the report density.md and density.csv in this folder (created if missing).")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if ((pca != null && pca < 0)
                || k < 1
                || epochs < 0
                || (latentDim != null && latentDim < 1)
                || hidden.stream().anyMatch(h -> h < 1)
                || gmm.isEmpty()
                || gmm.stream().anyMatch(g -> g < 1)) {
            throw new InvalidInputException("--k and --latent-dim must be >= 1, --pca and --epochs >= 0, and every "
                    + "--gmm size and --hidden width >= 1");
        }
        ComparisonData.createReportFolder(out);
        ComparisonData.Rows split = data.load();
        Dataset train = split.train();
        Dataset test = split.test();
        int coordinates = pca != null ? pca : train.dim() > WIDE ? DEFAULT_PCA : 0;
        if (coordinates > train.dim()) {
            throw new InvalidInputException("--pca " + coordinates + " exceeds the " + train.dim() + " features");
        }
        if (coordinates > 0 && !(flows.isEmpty() && vaes.isEmpty())) {
            throw new InvalidInputException("the comparison is in " + coordinates + " principal coordinates; --flow "
                    + "and --vae runs model the data itself, so leave them out or add --pca 0");
        }
        DensityComparison.Space space = DensityComparison.space(train, test, coordinates);
        List<DensityComparison.Row> rows = new ArrayList<>(DensityComparison.baselines(
                space, gmm.stream().mapToInt(Integer::intValue).toArray(), seed));
        if (epochs > 0) {
            int z = latentDim != null ? latentDim : Math.min(10, space.dim());
            RunConfig config = DenseRuns.config(data.dataset, "dense-vae", z, hidden, "gaussian", epochs, seed);
            rows.add(DensityComparison.vae(space, config, k, seed));
            rows.add(DensityComparison.flow(space, DenseRuns.flowConfig(data.dataset, 5, hidden, epochs, seed)));
        }
        for (Path run : flows) {
            rows.add(scoreRun(run, test));
        }
        for (Path run : vaes) {
            rows.add(scoreRun(run, test));
        }
        String caption = String.format(
                Locale.ROOT,
                "Held-out log-likelihood on %s: %d training rows, %d test rows, every method in %s%s.",
                data.dataset,
                train.size(),
                test.size(),
                space.description(),
                space.principal()
                        ? " (densities of these coordinates, not of the data: they compare with each other, not with a "
                                + "likelihood of the images)"
                        : "");
        String table = DensityComparison.markdown(rows, caption);
        PrintWriter o = spec.commandLine().getOut();
        o.print(table);
        o.flush();
        if (out != null) {
            AtomicFiles.writeString(
                    out.resolve("density.md"), "### Held-out density on " + data.dataset + "\n\n" + table);
            AtomicFiles.writeString(out.resolve("density.csv"), DensityComparison.csv(rows, space));
            o.println("wrote " + out.resolve("density.md") + " and " + out.resolve("density.csv"));
        }
        return 0;
    }

    /** A run's test log-likelihoods: exact for a flow, importance sampled for a VAE; continuous data only. */
    private DensityComparison.Row scoreRun(Path run, Dataset test) {
        try (LoadedRun loaded = new LoadedRun(run)) {
            var config = loaded.checkpoint.config();
            Model model = loaded.checkpoint.model();
            if (!config.data().dataset().equals(data.dataset) || config.data().binarization() != Binarization.NONE) {
                throw new InvalidInputException(
                        run + " was trained on " + config.data().dataset() + " with binarization "
                                + config.data().binarization().id() + "; the comparison needs " + data.dataset
                                + " as it is (binarization none)");
            }
            long start = System.nanoTime();
            LikelihoodEstimator estimator = model.likelihood().orElse(null);
            if (estimator == null || !estimator.continuous()) {
                throw new InvalidInputException(run + " holds a "
                        + config.model().type()
                        + (estimator == null ? ", which has no likelihood" : " whose likelihood is of discrete values")
                        + "; only continuous densities (a flow without --dequantize, a Gaussian VAE) compare with "
                        + "these");
            }
            int draws = estimator.draws() == LikelihoodEstimator.Draws.IMPORTANCE_SAMPLES ? k : 1;
            double[] logP = estimator.score(test, draws, seed, 0).logLikelihood();
            return DensityComparison.Row.of(
                    config.model().type() + ", " + estimator.describe(draws, seed) + " (" + run.getFileName() + ")",
                    logP,
                    seconds(start));
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
