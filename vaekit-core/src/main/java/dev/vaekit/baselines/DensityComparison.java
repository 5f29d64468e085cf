package dev.vaekit.baselines;

import dev.vaekit.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Held-out log-likelihoods of the classical density estimators on one data set, in one space: a full-covariance
 * Gaussian, a Gaussian mixture with its number of components chosen by BIC, and a Gaussian KDE with its bandwidth
 * chosen on a validation split (the last 10% of the training rows). With {@code pcaDims} &gt; 0 every method works on
 * the coordinates of the training data's leading principal axes instead of the features, so that GMM and KDE stay
 * meaningful on images; the table then says so, and its numbers are densities of those coordinates (not comparable with
 * a likelihood of the images themselves).
 */
public final class DensityComparison {
    private DensityComparison() {}

    /**
     * One method's result.
     *
     * @param method what was fitted, with its chosen setting
     * @param space where the density lives ("data, d = 2" or "PCA, k = 50")
     * @param logLikelihood mean test log-likelihood per example, nats
     * @param stdErr its standard error over the test examples
     * @param seconds fitting and scoring time
     */
    public record Row(String method, String space, double logLikelihood, double stdErr, double seconds) {
        /** @return the row for a method scored elsewhere (a VAE or a flow run), from per-example values */
        public static Row of(String method, String space, double[] logLikelihoods, double seconds) {
            double mean = Arrays.stream(logLikelihoods).average().orElse(Double.NaN);
            double ss = Arrays.stream(logLikelihoods)
                    .map(v -> (v - mean) * (v - mean))
                    .sum();
            int n = logLikelihoods.length;
            return new Row(method, space, mean, n > 1 ? Math.sqrt(ss / (n - 1) / n) : Double.NaN, seconds);
        }
    }

    /**
     * Fits and scores the three baselines.
     *
     * @param train training rows
     * @param test test rows of the same width
     * @param pcaDims 0 to work on the features, else the number of principal coordinates to work on
     * @param gmmCandidates the numbers of components BIC chooses among
     * @param seed seed of the GMM's k-means++ starts
     * @return one row per method
     */
    public static List<Row> baselines(Dataset train, Dataset test, int pcaDims, int[] gmmCandidates, long seed) {
        int d = train.dim();
        float[] x = train.features();
        float[] y = test.features();
        String space = "data, d = " + d;
        if (pcaDims > 0) {
            Pca pca = Pca.fit(x, d, pcaDims);
            x = pca.encode(x);
            y = pca.encode(y);
            d = pcaDims;
            space = String.format(
                    java.util.Locale.ROOT,
                    "PCA, k = %d (%.1f%% of the variance)",
                    pcaDims,
                    100 * pca.explainedVariance());
        }
        List<Row> rows = new ArrayList<>();
        long start = System.nanoTime();
        Pca gaussian = Pca.fit(x, d, d);
        rows.add(Row.of("Gaussian (full covariance)", space, gaussian.logDensity(y), seconds(start)));

        start = System.nanoTime();
        GaussianMixtureModel gmm = GaussianMixtureModel.selectByBic(
                x,
                d,
                gmmCandidates,
                new GaussianMixtureModel.Options(1, GaussianMixtureModel.Covariance.FULL, 2, 200, 1e-4, 1e-6, seed));
        rows.add(Row.of("GMM, K = " + gmm.components() + " by BIC", space, gmm.logDensity(y), seconds(start)));

        start = System.nanoTime();
        int n = x.length / d;
        int fitRows = Math.max(1, n - n / 10);
        float[] fit = Arrays.copyOfRange(x, 0, fitRows * d);
        float[] validation = Arrays.copyOfRange(x, fitRows * d, x.length);
        KernelDensity kde = validation.length == 0
                ? KernelDensity.fit(fit, d, KernelDensity.Bandwidth.SCOTT, null)
                : KernelDensity.fit(fit, d, KernelDensity.Bandwidth.VALIDATION, validation);
        rows.add(Row.of(
                String.format(java.util.Locale.ROOT, "KDE, h = %.3f (validation)", kde.bandwidth()),
                space,
                kde.logDensity(y),
                seconds(start)));
        return rows;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    /** @return the rows as a Markdown table */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder(
                "| method | space | test log-likelihood (nats/example) | ± s.e. | seconds |\n|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    "| %s | %s | %.3f | %.3f | %.1f |%n",
                    r.method(),
                    r.space(),
                    r.logLikelihood(),
                    r.stdErr(),
                    r.seconds()));
        }
        return sb.toString();
    }

    /** @return the rows as CSV with a header */
    public static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder("method,space,log_likelihood,std_err,seconds\n");
        for (Row r : rows) {
            sb.append(String.format(
                    java.util.Locale.ROOT,
                    "\"%s\",\"%s\",%.6f,%.6f,%.3f%n",
                    r.method(),
                    r.space(),
                    r.logLikelihood(),
                    r.stdErr(),
                    r.seconds()));
        }
        return sb.toString();
    }
}
