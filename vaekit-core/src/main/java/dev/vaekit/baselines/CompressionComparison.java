package dev.vaekit.baselines;

import dev.vaekit.data.Dataset;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.train.RunConfig;

/**
 * Test reconstruction error of a k-dimensional code, three ways: PCA's projection onto k principal axes (the best
 * linear code in squared error), a plain autoencoder's z = enc(x), and a VAE's posterior mean μ(x), each decoded to the
 * mean E[x|z]. The errors: the squared error per feature and per example (summed over the features), and, for data in
 * [0, 1], the binary cross-entropy
 * −Σ_j [x_j log r_j + (1 − x_j) log(1 − r_j)] per example with r clipped to [10⁻⁶, 1 − 10⁻⁶] (for PCA, whose r can
 * leave [0, 1], after clipping).
 */
public final class CompressionComparison {
    private CompressionComparison() {}

    /**
     * One method at one code size.
     *
     * @param dim k
     * @param method PCA, AE or VAE
     * @param mse mean squared error per feature, averaged over the test examples
     * @param squaredError squared error per example, ‖x − r‖² summed over the features, averaged over the examples
     * @param bce binary cross-entropy per example (nats), NaN when the data leave [0, 1]
     * @param seconds fitting and scoring time
     */
    public record Row(int dim, String method, double mse, double squaredError, double bce, double seconds) {}

    /** @return PCA's row at k components */
    public static Row pca(Dataset train, Dataset test, int k) {
        long start = System.nanoTime();
        Pca pca = Pca.fit(train.features(), train.dim(), k);
        float[] r = pca.decode(pca.encode(test.features()));
        return row(k, "PCA", test, r, start);
    }

    /**
     * Trains the model the config names (an autoencoder or VAE with latentDim k) on the training rows and scores its
     * reconstructions of the test rows.
     *
     * @param config the run config, its model's latent dimension the code size
     * @param method the row's name
     * @param train training rows
     * @param test test rows
     * @return the row
     */
    public static Row trained(RunConfig config, String method, Dataset train, Dataset test) {
        long start = System.nanoTime();
        return DenseRuns.trainThen(config, train, model -> {
            float[] codes = LatentSpace.encode(model, test, false, 0).values();
            float[] r = LatentSpace.decodeMeans(model, codes);
            return row(model.config().latentDim(), method, test, r, start);
        });
    }

    private static Row row(int k, String method, Dataset test, float[] r, long start) {
        float[] x = test.features();
        int d = test.dim();
        int n = test.size();
        boolean unit = true;
        double se = 0;
        double bce = 0;
        for (int i = 0; i < x.length; i++) {
            double e = x[i] - r[i];
            se += e * e;
            unit &= x[i] >= 0 && x[i] <= 1;
            double p = Math.min(1 - 1e-6, Math.max(1e-6, r[i]));
            bce -= x[i] * Math.log(p) + (1 - x[i]) * Math.log(1 - p);
        }
        return new Row(
                k,
                method,
                se / ((double) n * d),
                se / n,
                unit ? bce / n : Double.NaN,
                (System.nanoTime() - start) / 1e9);
    }
}
