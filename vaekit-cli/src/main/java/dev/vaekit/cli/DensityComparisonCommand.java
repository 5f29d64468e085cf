package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.baselines.DensityComparison;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.eval.ExactLogLikelihood;
import dev.vaekit.eval.ImportanceSampledLogLikelihood;
import dev.vaekit.io.AtomicFiles;
import dev.vaekit.models.FlowModel;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.Vae;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vaekit compare density}: held-out log-likelihoods of GMM, KDE, a Gaussian, and trained flows or VAEs. */
@Command(
        name = "density",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Fit a full-covariance Gaussian, a GMM (components by BIC) and a Gaussian KDE (bandwidth on a "
                + "validation split) to the training rows and print their test log-likelihoods in nats per example, "
                + "with standard errors, beside flows (--flow) and Gaussian-likelihood VAEs (--vae) trained on the same "
                + "continuous data. --pca K moves the baselines to the first K principal coordinates (for images); "
                + "runs model the data space, so they are left out then.")
final class DensityComparisonCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ComparisonData data;

    @Option(names = "--pca", paramLabel = "K", description = "Principal coordinates to work in; 0 = the data.")
    int pca;

    @Option(
            names = "--gmm",
            paramLabel = "K",
            split = ",",
            description = "GMM sizes BIC chooses among (default 1,2,4,8,16).")
    List<Integer> gmm = List.of(1, 2, 4, 8, 16);

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
            description = "Also write the report density.md and density.csv here.")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (pca < 0 || k < 1 || gmm.isEmpty() || gmm.stream().anyMatch(g -> g < 1)) {
            throw new InvalidInputException("--k must be >= 1, --pca >= 0 and every --gmm size >= 1");
        }
        if (pca > 0 && !(flows.isEmpty() && vaes.isEmpty())) {
            throw new InvalidInputException("--pca compares the baselines in principal coordinates; --flow and --vae "
                    + "runs model the data itself, so leave them out or drop --pca");
        }
        ComparisonData.Rows split = data.load();
        Dataset train = split.train();
        Dataset test = split.test();
        if (pca > train.dim()) {
            throw new InvalidInputException("--pca " + pca + " exceeds the " + train.dim() + " features");
        }
        List<DensityComparison.Row> rows = new ArrayList<>(DensityComparison.baselines(
                train, test, pca, gmm.stream().mapToInt(Integer::intValue).toArray(), seed));
        String space = "data, d = " + train.dim();
        for (Path run : flows) {
            rows.add(scoreRun(run, test, space));
        }
        for (Path run : vaes) {
            rows.add(scoreRun(run, test, space));
        }
        String table = DensityComparison.markdown(rows);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %d training rows, %d test rows%n%n%s", data.dataset, train.size(), test.size(), table);
        o.flush();
        if (out != null) {
            AtomicFiles.writeString(
                    out.resolve("density.md"), "### Held-out density on " + data.dataset + "\n\n" + table);
            AtomicFiles.writeString(out.resolve("density.csv"), DensityComparison.csv(rows));
            o.println("wrote " + out.resolve("density.md") + " and " + out.resolve("density.csv"));
        }
        return 0;
    }

    /** A run's test log-likelihoods: exact for a flow, importance sampled for a VAE; continuous data only. */
    private DensityComparison.Row scoreRun(Path run, Dataset test, String space) {
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
            if (model instanceof FlowModel flow && !flow.discrete()) {
                double[] logP =
                        ExactLogLikelihood.evaluate(flow, test, seed, 500).logLikelihoods();
                return DensityComparison.Row.of(
                        config.model().type() + " flow (" + run.getFileName() + ")", space, logP, seconds(start));
            }
            if (model instanceof Vae vae && config.model().likelihood() == LikelihoodKind.GAUSSIAN) {
                double[] logP = new ImportanceSampledLogLikelihood(k, seed)
                        .score(vae, test)
                        .logLikelihood();
                return DensityComparison.Row.of(
                        "VAE, importance sampled, k = " + k + " (" + run.getFileName() + ")",
                        space,
                        logP,
                        seconds(start));
            }
            throw new InvalidInputException(run + " holds a " + config.model().type() + " with the "
                    + config.model().likelihood().id() + " likelihood"
                    + (model instanceof FlowModel ? " on 8-bit data" : "")
                    + "; only continuous densities (a flow without --dequantize, a Gaussian VAE) compare with these");
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
