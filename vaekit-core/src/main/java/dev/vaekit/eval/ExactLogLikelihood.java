package dev.vaekit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.FlowModel;
import java.util.Arrays;

/**
 * The test log-likelihood of a stand-alone flow, which needs no estimator: log p(x) = log p_Z(f(x)) + log |det ∂f/∂x|
 * exactly. On 8-bit data ({@link FlowModel#discrete()}) the probability of a value is the density's integral over its
 * bin, P(x) = E_{u ~ U[0,1)^D}[p(x + u)] (in the model's units), estimated with K uniform draws per example:
 *
 * <pre>
 *   log P̂(x) = log (1/K) Σ_k p(x + u_k),
 * </pre>
 *
 * whose expectation is a lower bound on log P(x) that tightens as K grows and reaches it as K → ∞ (by Jensen's
 * inequality, as for IWAE, Burda et al. 2015, Theorem 1; Ho et al. 2019, §3.1, evaluate their flows this way).
 * K = 1 is the dequantization bound E_u[log p(x + u)] that the flow papers report as bits/dim (Theis et al. 2016;
 * Dinh et al. 2017). The standard error over examples includes the dequantization noise.
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
     * @param draws K, uniform dequantization draws per example (1 for continuous data, whose density is exact)
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
            int draws,
            double seconds,
            double[] logLikelihoods) {}

    /**
     * Scores every example with one dequantization draw, without gradients.
     *
     * @param model the flow
     * @param data examples of the model's width
     * @param seed seed of the dequantization draws
     * @param batchSize examples per forward pass
     * @return the report
     */
    public static Report evaluate(FlowModel model, Dataset data, long seed, int batchSize) {
        return evaluate(model, data, seed, batchSize, 1);
    }

    /**
     * Scores every example, without gradients.
     *
     * @param model the flow
     * @param data examples of the model's width
     * @param seed seed of the dequantization draws
     * @param batchSize examples per forward pass
     * @param draws K ≥ 1 dequantization draws per example for 8-bit data; must be 1 for continuous data
     * @return the report
     */
    public static Report evaluate(FlowModel model, Dataset data, long seed, int batchSize, int draws) {
        if (draws < 1 || (draws > 1 && !model.discrete())) {
            throw new InvalidInputException("dequantization draws: " + draws + " for a flow on "
                    + (model.discrete() ? "8-bit" : "continuous") + " data; "
                    + (model.discrete()
                            ? "need K >= 1"
                            : "its density is exact, so there is nothing to average (use 1)"));
        }
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
                // log (1/K) Σ_k p_k, streamed in double precision: each draw's activations are freed before the
                // next (K draws of a convolutional flow's intermediates do not fit in memory at once)
                double[] max = new double[to - from];
                double[] sum = new double[to - from];
                for (int k = 0; k < draws; k++) {
                    float[] logP;
                    try (NDScope perDraw = new NDScope()) {
                        perDraw.suppressNotUsedWarning();
                        logP = model.logProb(x).toFloatArray(); // a fresh u per call
                    }
                    for (int i = 0; i < logP.length; i++) {
                        if (k == 0 || logP[i] > max[i]) {
                            sum[i] = k == 0 ? 1 : sum[i] * Math.exp(max[i] - logP[i]) + 1;
                            max[i] = logP[i];
                        } else {
                            sum[i] += Math.exp(logP[i] - max[i]);
                        }
                    }
                }
                for (int i = 0; i < max.length; i++) {
                    logLikelihoods[from + i] = max[i] + Math.log(sum[i] / draws);
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
                draws,
                (System.nanoTime() - start) / 1e9,
                logLikelihoods);
    }
}
