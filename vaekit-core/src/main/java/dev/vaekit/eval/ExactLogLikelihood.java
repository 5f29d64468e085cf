package dev.vaekit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.FlowModel;
import java.util.Arrays;

/**
 * The test log-likelihood of a stand-alone flow, which needs no estimator: log p(x) = log p_Z(f(x)) + log |det ∂f/∂x|
 * exactly. On 8-bit data ({@link FlowModel#discrete()}) each example's value is the dequantization bound on log P(x)
 * with one uniform draw per example (the convention of the flow papers' bits/dim), so its mean is an unbiased estimate
 * of a lower bound on the mean log P(x); the standard error over examples includes the dequantization noise.
 */
public final class ExactLogLikelihood {
    private ExactLogLikelihood() {}

    /**
     * The mean negative log-likelihood of a dataset.
     *
     * @param nll −(1/n) Σ log p(x), nats per example
     * @param nllStdErr its standard error over the n examples (sample std / √n)
     * @param bitsPerDim nll / (d ln 2)
     * @param n examples
     * @param dim features per example
     * @param seed seed of the dequantization draws
     * @param seconds wall time
     * @param logLikelihoods log p(x) of each example
     */
    public record Report(
            double nll,
            double nllStdErr,
            double bitsPerDim,
            int n,
            int dim,
            long seed,
            double seconds,
            double[] logLikelihoods) {}

    /**
     * Scores every example, without gradients.
     *
     * @param model the flow
     * @param data examples of the model's width
     * @param seed seed of the dequantization draws
     * @param batchSize examples per forward pass
     * @return the report
     */
    public static Report evaluate(FlowModel model, Dataset data, long seed, int batchSize) {
        long start = System.nanoTime();
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        int n = data.size();
        int d = data.dim();
        double[] logLikelihoods = new double[n];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x = Tensors.create(
                        model.parameters().manager(),
                        Arrays.copyOfRange(data.features(), from * d, to * d),
                        new Shape(to - from, d));
                float[] logP = model.logProb(x).toFloatArray();
                for (int i = 0; i < logP.length; i++) {
                    logLikelihoods[from + i] = logP[i];
                }
            }
        }
        double mean = Arrays.stream(logLikelihoods).average().orElse(Double.NaN);
        double variance = n < 2
                ? Double.NaN
                : Arrays.stream(logLikelihoods)
                                .map(v -> (v - mean) * (v - mean))
                                .sum()
                        / (n - 1);
        return new Report(
                -mean,
                Math.sqrt(variance / n),
                -mean / (d * Math.log(2)),
                n,
                d,
                seed,
                (System.nanoTime() - start) / 1e9,
                logLikelihoods);
    }
}
