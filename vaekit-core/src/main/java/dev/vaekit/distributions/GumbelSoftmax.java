package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/**
 * Categorical latent variables and their continuous relaxation (Jang, Gu &amp; Poole 2017, "Categorical
 * Reparameterization with Gumbel-Softmax"; Maddison, Mnih &amp; Teh 2017, "The Concrete Distribution"). For class
 * probabilities π = softmax(logits) and Gumbel noise g_k = −log(−log u_k), u_k ~ U(0, 1):
 *
 * <ul>
 *   <li>argmax_k (log π_k + g_k) is an exact draw of Cat(π) (the Gumbel-max trick, eq. 1);
 *   <li>y = softmax((log π + g) / τ) is a draw of the Gumbel-softmax distribution (eq. 2), a point of the simplex
 *       that is differentiable in π, and tends to the one-hot draw of the Gumbel-max trick as τ → 0 (so E[y] → π);
 *   <li>the straight-through estimator (§2.2) uses the one-hot argmax forward and y's gradient backward.
 * </ul>
 *
 * Every function takes logits of shape (..., K), K classes on the last axis.
 */
public final class GumbelSoftmax {
    /** Uniform draws are kept inside [TINY, 1 − TINY], so that the Gumbel noise stays finite. */
    private static final double TINY = 1e-10;

    private GumbelSoftmax() {}

    /**
     * g = −log(−log u).
     *
     * @param uniform u ∈ (0, 1)
     * @return Gumbel(0, 1) noise of u's shape
     */
    public static NDArray gumbel(NDArray uniform) {
        NDArray u = Tensors.atMost(Tensors.atLeast(uniform, TINY), 1 - TINY);
        return u.log().neg().log().neg();
    }

    /**
     * A Gumbel-softmax draw y = softmax((logits + g) / τ) (Jang et al. 2017, eq. 2); logits need not be normalised.
     *
     * @param logits shape (..., K)
     * @param gumbel g of the same shape
     * @param temperature τ &gt; 0
     * @return y on the simplex, shape (..., K)
     */
    public static NDArray relaxed(NDArray logits, NDArray gumbel, double temperature) {
        return Tensors.divide(logits.add(gumbel), temperature).softmax(-1);
    }

    /**
     * The one-hot vector of each row's largest value.
     *
     * @param scores shape (..., K)
     * @return 0/1 values of the same shape, without gradient
     */
    public static NDArray oneHotArgmax(NDArray scores) {
        NDArray max = scores.max(new int[] {-1}, true);
        NDArray hits = scores.gte(max).toType(scores.getDataType(), false);
        // ties are measure-zero for continuous noise; keep exactly one hit per row all the same
        NDArray first = hits.cumSum(-1).eq(1).toType(scores.getDataType(), false);
        return hits.mul(first).stopGradient();
    }

    /**
     * The straight-through Gumbel-softmax (Jang et al. 2017, §2.2): the one-hot argmax of y forward, y's gradient
     * backward (y_hard − sg(y) + y).
     *
     * @param relaxed y, a Gumbel-softmax draw
     * @return one-hot values carrying y's gradient
     */
    public static NDArray straightThrough(NDArray relaxed) {
        return oneHotArgmax(relaxed).sub(relaxed.stopGradient()).add(relaxed);
    }

    /**
     * An exact draw of Cat(softmax(logits)) by the Gumbel-max trick, one-hot.
     *
     * @param logits shape (..., K)
     * @param gumbel g of the same shape
     * @return one-hot draws, without gradient
     */
    public static NDArray sample(NDArray logits, NDArray gumbel) {
        return oneHotArgmax(logits.add(gumbel));
    }

    /**
     * An exact draw of Cat(softmax(logits)) from one uniform per variable, by inverting the cumulative distribution:
     * the first class whose cumulative probability exceeds u.
     *
     * @param logits shape (..., K)
     * @param uniform u ∈ [0, 1), shape (..., 1)
     * @return one-hot draws, without gradient
     */
    public static NDArray sampleByInverse(NDArray logits, NDArray uniform) {
        long k = logits.getShape().get(logits.getShape().dimension() - 1);
        if (k == 1) {
            return logits.onesLike().stopGradient();
        }
        // the class index is the number of cumulative sums F_0 … F_{K−2} at or below u; rounding that leaves the last
        // sum below u then falls to the last class, never outside
        NDArray cumulative = logits.softmax(-1).cumSum(-1).get("..., :" + (k - 1));
        NDArray index =
                cumulative.lte(uniform).toType(logits.getDataType(), false).sum(new int[] {-1}, true);
        NDArray classes = logits.getManager().arange(0f, (float) k, 1f);
        return classes.eq(index).toType(logits.getDataType(), false).stopGradient();
    }

    /**
     * log Cat(c; softmax(logits)) of one-hot values, summed over the last axis.
     *
     * @param oneHot c, shape (..., K)
     * @param logits shape broadcastable to c's
     * @return shape (...)
     */
    public static NDArray logProb(NDArray oneHot, NDArray logits) {
        return oneHot.mul(logits.logSoftmax(-1)).sum(new int[] {-1});
    }

    /**
     * KL(Cat(π) ‖ Uniform(K)) = Σ_k π_k (log π_k + log K), in closed form: the KL term of a categorical latent under a
     * uniform prior (Jang et al. 2017, §4.2), 0 for π uniform and log K for a one-hot π.
     *
     * @param logits shape (..., K)
     * @return shape (...)
     */
    public static NDArray klToUniform(NDArray logits) {
        long k = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray logPi = logits.logSoftmax(-1);
        return logPi.exp().mul(logPi.add((float) Math.log(k))).sum(new int[] {-1});
    }

    /**
     * The annealed temperature τ(t) = max(τ_min, τ_0 exp(−r t)) (Jang et al. 2017, §4: annealed from 1 towards 0.5).
     *
     * @param initial τ_0 &gt; 0
     * @param minimum τ_min &gt; 0
     * @param rate r ≥ 0 per epoch
     * @param epochProgress t, epochs done (fractional)
     * @return τ(t)
     */
    public static double temperature(double initial, double minimum, double rate, double epochProgress) {
        return Math.max(minimum, initial * Math.exp(-rate * epochProgress));
    }
}
