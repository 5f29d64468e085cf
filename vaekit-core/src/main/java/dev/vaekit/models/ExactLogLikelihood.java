package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.engine.ThreadFitting;
import dev.vaekit.eval.ExampleScores;
import dev.vaekit.eval.LikelihoodEstimator;
import dev.vaekit.eval.LikelihoodReport;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

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
public final class ExactLogLikelihood implements LikelihoodEstimator {
    /** Examples per forward pass. */
    static final int BATCH_SIZE = 200;

    private final FlowModel model;

    /** @param model the flow whose log p(x) is computed */
    public ExactLogLikelihood(FlowModel model) {
        this.model = model;
    }

    @Override
    public Draws draws() {
        return model.discrete() ? Draws.DEQUANTIZATION : Draws.NONE;
    }

    @Override
    public void checkDraws(int k) {
        LikelihoodEstimator.super.checkDraws(k);
        if (k > 1 && !model.discrete()) {
            throw new InvalidInputException("--k " + k + ": a " + model.config().type() + " on continuous data has "
                    + "an exact density, with nothing to sample; --k counts dequantization draws of a flow on 8-bit "
                    + "data (model.dequantize)");
        }
    }

    @Override
    public String describe(int k, long seed) {
        if (!model.discrete()) {
            return "exact flow density";
        }
        return k == 1
                ? "exact flow density, one uniform dequantization draw per example (a bound on log P), seed " + seed
                : "exact flow density, log-mean-exp over k = " + k + " uniform dequantization draws per example (a "
                        + "bound on log P, tighter than one draw's), seed " + seed;
    }

    @Override
    public boolean continuous() {
        return !model.discrete();
    }

    @Override
    public List<String> columns() {
        return List.of("bits_per_dim");
    }

    /**
     * {@inheritDoc}
     *
     * <p>The dequantization draws come from the engine's generator seeded once for the whole data set, so they depend
     * on the rows' order, not on {@code firstRow}; a continuous density has no draws.
     */
    @Override
    public ExampleScores score(DataSource data, int k, long seed, long firstRow) {
        double[] logPx = logLikelihoods(data, seed, k);
        double nats = data.dim() * Math.log(2);
        return new ExampleScores(
                logPx,
                Map.of("bits_per_dim", Arrays.stream(logPx).map(v -> -v / nats).toArray()),
                k,
                seed);
    }

    @Override
    public LikelihoodReport evaluate(DataSource data, int k, long seed, long firstRow) {
        long start = System.nanoTime();
        double[] logPx = logLikelihoods(data, seed, k);
        return LikelihoodReport.of(
                describe(k, seed), logPx, data.dim(), k, seed, (System.nanoTime() - start) / 1e9, Map.of());
    }

    @Override
    public List<String> describeTerms(LikelihoodReport report) {
        return List.of();
    }

    /**
     * Scores every example, without gradients.
     *
     * @param data examples of the model's width
     * @param seed seed of the dequantization draws
     * @param draws K ≥ 1 dequantization draws per example for 8-bit data; must be 1 for continuous data
     * @return log p(x) of each example
     */
    public double[] logLikelihoods(DataSource data, long seed, int draws) {
        checkDraws(draws);
        int batchSize = BATCH_SIZE;
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        int n = data.size();
        int d = data.dim();
        double[] logLikelihoods = new double[n];
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray x =
                        Tensors.create(model.parameters().manager(), slice(data, from, to), new Shape(to - from, d));
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
                    ThreadFitting.workStepEnded();
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
        return logLikelihoods;
    }

    /** @return the values of examples [from, to) of a source */
    private static float[] slice(DataSource data, int from, int to) {
        float[] rows = new float[(to - from) * data.dim()];
        data.read(from, to, rows);
        return rows;
    }
}
