package dev.vaekit.baselines;

import dev.vaekit.data.Dataset;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.train.RunConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Held-out log-likelihoods of density estimators on one data set, all in one space: a full-covariance Gaussian,
 * probabilistic PCA, a Gaussian mixture with its number of components chosen by BIC, a Gaussian KDE, and a dense VAE
 * with a Gaussian decoder, trained here on the same rows. PPCA's number of axes and the KDE's bandwidth are chosen on a
 * validation split, the last 10% of the training rows.
 *
 * <p>The space is either the data's features or, for images, the coordinates of the training data's leading principal
 * axes ({@link #space}). In the second case every method, the VAE included, models the same coordinates, so the
 * numbers compare with each other, but they are densities of those coordinates: no Jacobian links them to a likelihood
 * of the images, and the table's caption says so.
 */
public final class DensityComparison {
    /** Share of the training rows held out to choose PPCA's k and the KDE's bandwidth. */
    static final double VALIDATION_FRACTION = 0.1;

    private DensityComparison() {}

    /**
     * One method's result.
     *
     * @param method what was fitted, with its chosen setting
     * @param logLikelihood mean test log-likelihood per example, nats
     * @param stdErr its standard error over the test examples
     * @param seconds fitting and scoring time
     */
    public record Row(String method, double logLikelihood, double stdErr, double seconds) {
        /** @return the row for per-example log-likelihoods */
        public static Row of(String method, double[] logLikelihoods, double seconds) {
            double mean = Arrays.stream(logLikelihoods).average().orElse(Double.NaN);
            double ss = Arrays.stream(logLikelihoods)
                    .map(v -> (v - mean) * (v - mean))
                    .sum();
            int n = logLikelihoods.length;
            return new Row(method, mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN, seconds);
        }
    }

    /**
     * The rows every method is fitted to and scored on.
     *
     * @param train training rows, n × dim
     * @param test test rows, m × dim
     * @param dim their width
     * @param description where they live, for the caption ("the data, d = 2" or "the first 50 principal coordinates")
     * @param principal whether these are principal coordinates rather than the data
     */
    public record Space(float[] train, float[] test, int dim, String description, boolean principal) {}

    /**
     * @param train training rows
     * @param test test rows of the same width
     * @param pcaDims 0 to work on the features, else the number of principal coordinates (fitted on train) to work on
     * @return the space
     */
    public static Space space(Dataset train, Dataset test, int pcaDims) {
        int d = train.dim();
        if (pcaDims == 0) {
            return new Space(train.features(), test.features(), d, "the data, d = " + d, false);
        }
        Pca pca = Pca.fit(train.features(), d, pcaDims);
        return new Space(
                pca.encode(train.features()),
                pca.encode(test.features()),
                pcaDims,
                String.format(
                        Locale.ROOT,
                        "the first %d principal coordinates of the training data (%.1f%% of its variance)",
                        pcaDims,
                        100 * pca.explainedVariance()),
                true);
    }

    /**
     * Fits and scores the classical baselines.
     *
     * @param space where
     * @param gmmCandidates the numbers of components BIC chooses among
     * @param seed seed of the GMM's k-means++ starts
     * @return one row each for the Gaussian, PPCA (when d ≥ 2), the GMM and the KDE
     */
    public static List<Row> baselines(Space space, int[] gmmCandidates, long seed) {
        int d = space.dim();
        float[] x = space.train();
        float[] y = space.test();
        int n = x.length / d;
        int fitRows = Math.max(2, n - (int) (n * VALIDATION_FRACTION));
        float[] fit = Arrays.copyOfRange(x, 0, fitRows * d);
        float[] validation = Arrays.copyOfRange(x, fitRows * d, x.length);

        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        Pca gaussian = Pca.fit(x, d, d);
        rows.add(Row.of("Gaussian, full covariance", gaussian.logDensity(y), seconds(start)));

        if (d >= 2) {
            start = System.nanoTime();
            int k = ppcaComponents(fit, validation, d);
            rows.add(Row.of(
                    "PPCA, k = " + k + (validation.length > 0 ? " (validation)" : ""),
                    gaussian.withComponents(k).logDensity(y),
                    seconds(start)));
        }

        start = System.nanoTime();
        GaussianMixtureModel gmm = GaussianMixtureModel.selectByBic(
                x,
                d,
                gmmCandidates,
                new GaussianMixtureModel.Options(1, GaussianMixtureModel.Covariance.FULL, 2, 200, 1e-4, 1e-6, seed));
        rows.add(
                Row.of("GMM, full covariances, K = " + gmm.components() + " (BIC)", gmm.logDensity(y), seconds(start)));

        start = System.nanoTime();
        KernelDensity kde = validation.length == 0
                ? KernelDensity.fit(fit, d, KernelDensity.Scaling.PER_FEATURE, KernelDensity.Bandwidth.SCOTT, null)
                : KernelDensity.fit(
                        fit, d, KernelDensity.Scaling.PER_FEATURE, KernelDensity.Bandwidth.VALIDATION, validation);
        rows.add(Row.of(
                String.format(
                        Locale.ROOT,
                        "KDE, h = %.3f × s_j (%s)",
                        kde.bandwidth(),
                        validation.length == 0 ? "Scott" : "validation"),
                kde.logDensity(y),
                seconds(start)));
        return rows;
    }

    /** PPCA's number of axes: the best held-out log-likelihood among 1, 2, 4, … below d (1 without validation rows). */
    private static int ppcaComponents(float[] fit, float[] validation, int d) {
        if (validation.length == 0) {
            return 1;
        }
        Pca all = Pca.fit(fit, d, d);
        int best = 1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < d; k *= 2) {
            double score = Arrays.stream(all.withComponents(k).logDensity(validation))
                    .average()
                    .orElseThrow();
            if (score > bestScore) {
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    /**
     * Trains a dense VAE with a Gaussian decoder on the space's training rows and scores the test rows by importance
     * sampling. The VAE sees standardised features, y_j = (x_j − m_j) / s_j with the training mean and standard
     * deviation, and log p(x) = log p(y) − Σ_j log s_j (the Jacobian of that affine map), so its number is a density
     * of the same rows as the baselines'.
     *
     * @param space where
     * @param config a {@code dense-vae} config with the Gaussian likelihood (see {@link DenseRuns#config})
     * @param k importance samples per test row
     * @param seed seed of the importance samples
     * @return its row
     */
    public static Row vae(Space space, RunConfig config, int k, long seed) {
        long start = System.nanoTime();
        double[] logP = onStandardisedRows(
                space,
                (train, test) -> DenseRuns.trainModelThen(
                        config, train, model -> model.requireLikelihood("the density " + "comparison")
                                .score(test, k, seed, 0)
                                .logLikelihood()));
        return Row.of(
                String.format(
                        Locale.ROOT,
                        "VAE, dense %s, z %d, Gaussian decoder, %d epochs; importance sampled, k = %d",
                        config.model().hidden(),
                        config.model().latentDim(),
                        config.training().epochs(),
                        k),
                logP,
                seconds(start));
    }

    /**
     * Trains a masked autoregressive flow on the space's standardised training rows and scores the test rows exactly,
     * log p(x) = log p(y) − Σ_j log s_j as for {@link #vae}.
     *
     * @param space where
     * @param config a {@code maf} config (see {@link DenseRuns#flowConfig})
     * @return its row
     */
    public static Row flow(Space space, RunConfig config) {
        long start = System.nanoTime();
        double[] logP = onStandardisedRows(
                space,
                (train, test) -> DenseRuns.trainModelThen(
                        config, train, model -> model.requireLikelihood("the density " + "comparison")
                                .score(test, 1, config.training().seed(), 0)
                                .logLikelihood()));
        return Row.of(
                String.format(
                        Locale.ROOT,
                        "MAF, %d steps of MADE %s, %d epochs; exact",
                        config.model().family(FlowConfig.class).flowLength(),
                        config.model().hidden(),
                        config.training().epochs()),
                logP,
                seconds(start));
    }

    /**
     * Runs a learned model on standardised rows, y_j = (x_j − m_j) / s_j with the training mean and standard deviation,
     * and turns its test log-densities of y into densities of x: log p(x) = log p(y) − Σ_j log s_j.
     */
    private static double[] onStandardisedRows(Space space, BiFunction<Dataset, Dataset, double[]> fitAndScore) {
        int d = space.dim();
        FeatureMoments moments = FeatureMoments.of(space.train(), d);
        Dataset train = new Dataset("train", moments.standardise(space.train()), null, 1, 1, d);
        Dataset test = new Dataset("test", moments.standardise(space.test()), null, 1, 1, d);
        double[] logP = fitAndScore.apply(train, test);
        for (int i = 0; i < logP.length; i++) {
            logP[i] -= moments.logScale();
        }
        return logP;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * @param rows the results
     * @param caption what was compared where, above the table
     * @return the rows as a Markdown table under its caption
     */
    public static String markdown(List<Row> rows, String caption) {
        StringBuilder sb = new StringBuilder(caption)
                .append(
                        "\n\n| method | test log-likelihood (nats/example) | ± s.e. | seconds |\n|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.3f | %.3f | %.1f |%n",
                    r.method(),
                    r.logLikelihood(),
                    r.stdErr(),
                    r.seconds()));
        }
        return sb.toString();
    }

    /**
     * @param rows the results
     * @param space where they were computed
     * @return the rows as CSV with a header
     */
    public static String csv(List<Row> rows, Space space) {
        StringBuilder sb = new StringBuilder("method,space,log_likelihood,std_err,seconds\n");
        for (Row r : rows) {
            sb.append(String.format(
                    Locale.ROOT,
                    "\"%s\",\"%s\",%.6f,%.6f,%.3f%n",
                    r.method(),
                    space.description(),
                    r.logLikelihood(),
                    r.stdErr(),
                    r.seconds()));
        }
        return sb.toString();
    }
}
