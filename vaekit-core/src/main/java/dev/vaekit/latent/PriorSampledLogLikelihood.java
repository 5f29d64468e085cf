package dev.vaekit.latent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.data.DataSource;
import dev.vaekit.distributions.Bernoulli;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.models.LikelihoodKind;
import java.util.Arrays;

/**
 * The log-likelihood of data under a decoder whose codes are drawn from N(0, I), by simple Monte Carlo with the same
 * k draws for every example:
 *
 * <pre>
 *   p(x) = ∫ p(x|z) N(z; 0, I) dz  ≈  (1/k) Σ_{i=1..k} p(x|z_i),   z_i ~ N(0, I).
 * </pre>
 *
 * It needs nothing but a decoder, so it scores any {@link Autoencoder} as the generative model "draw z ~ N(0, I),
 * then x ~ p(x|z)": for a VAE that is the model itself; for a plain autoencoder, which has no prior, it is what
 * decoding Gaussian codes (vaekit {@code sample}) amounts to. The estimate of log p(x) is a stochastic lower bound
 * (Jensen) and, with the prior as proposal, a loose one in more than a few dimensions — far looser than
 * {@link dev.vaekit.models.ImportanceSampledLogLikelihood} with q(z|x) — so compare it only between models scored with the same k. The
 * draws are decoded once and the log-weights combined per example in double precision, shifted by their maximum.
 */
public final class PriorSampledLogLikelihood {
    /** Elements of a (draws × examples × d) broadcast, or of a (draws × d) block of outputs, held at once. */
    private static final long CHUNK_FLOATS = 16L << 20;

    private final int k;
    private final long seed;

    /**
     * @param k prior draws, ≥ 1
     * @param seed seeds the draws; the same seed gives the same draws for every model of the same latent dimension
     */
    public PriorSampledLogLikelihood(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.seed = seed;
    }

    /**
     * @param model the decoder and observation model p(x|z) to score
     * @param data rows of the model's input width, prepared as the model expects (binarised for a Bernoulli decoder)
     * @return log p̂(x) per row, in nats
     */
    public double[] logLikelihoods(Autoencoder model, DataSource data) {
        int d = model.config().inputDim();
        if (data.dim() != d) {
            throw new IllegalArgumentException(
                    data.name() + ": rows have " + data.dim() + " values; the model takes " + d);
        }
        Engines.disableGradOnThisThread();
        Engines.seed(seed);
        int n = data.size();
        int latent = model.config().latentDim();
        NDManager manager = model.parameters().manager();
        // a Bernoulli decoder's log p(x|z) is linear in x: one matrix product per block instead of a
        // (draws × rows × d) broadcast
        boolean bernoulli = model.likelihoodConfig().kind() == LikelihoodKind.BERNOULLI;
        long width = model.decoderFloatsPerExample(); // the decoder output of one example
        int drawsPerChunk = (int) Math.max(1, Math.min(k, CHUNK_FLOATS / width));
        long perRow = bernoulli ? drawsPerChunk : drawsPerChunk * width;
        int rowsPerPass = (int) Math.max(1, Math.min(n, CHUNK_FLOATS / perRow));
        // per example, a running log Σ exp(w) as (max, Σ exp(w − max))
        double[] max = new double[n];
        double[] sum = new double[n];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray z = manager.randomNormal(new Shape(k, latent));
            for (int s0 = 0; s0 < k; s0 += drawsPerChunk) {
                int draws = Math.min(drawsPerChunk, k - s0);
                try (NDScope chunk = new NDScope()) {
                    chunk.suppressNotUsedWarning();
                    NDArray out = model.decode(z.get(s0 + ":" + (s0 + draws))); // (draws, d · parameters per feature)
                    for (int from = 0; from < n; from += rowsPerPass) {
                        int rows = Math.min(rowsPerPass, n - from);
                        try (NDScope pass = new NDScope()) {
                            pass.suppressNotUsedWarning();
                            NDArray x = Tensors.create(manager, slice(data, from, from + rows), new Shape(rows, d));
                            // log p(x|z_i) for every draw and example: (draws, rows)
                            NDArray logPxGivenZ = bernoulli
                                    ? Bernoulli.logProbAllPairs(x, out)
                                    : model.observation().logProb(x, out.reshape(draws, 1, -1));
                            float[] w = logPxGivenZ.toFloatArray();
                            for (int r = 0; r < rows; r++) {
                                accumulate(max, sum, from + r, w, r, rows, draws);
                            }
                        }
                    }
                }
            }
        }
        double[] logPx = new double[n];
        for (int i = 0; i < n; i++) {
            logPx[i] = max[i] + Math.log(sum[i] / k);
        }
        return logPx;
    }

    /** Adds column {@code r} of a (draws × rows) block of log-weights to example i's running log-sum-exp. */
    private static void accumulate(double[] max, double[] sum, int i, float[] w, int r, int rows, int draws) {
        double m = max[i];
        for (int s = 0; s < draws; s++) {
            m = Math.max(m, w[s * rows + r]);
        }
        double total = Double.isInfinite(max[i]) ? 0 : sum[i] * Math.exp(max[i] - m);
        for (int s = 0; s < draws; s++) {
            total += Math.exp(w[s * rows + r] - m);
        }
        max[i] = m;
        sum[i] = total;
    }

    /** @return prior draws per example */
    public int k() {
        return k;
    }

    /** @return the values of examples [from, to) of a source */
    private static float[] slice(DataSource data, int from, int to) {
        float[] rows = new float[(to - from) * data.dim()];
        data.read(from, to, rows);
        return rows;
    }
}
