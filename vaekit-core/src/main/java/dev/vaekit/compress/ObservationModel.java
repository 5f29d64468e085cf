package dev.vaekit.compress;

/**
 * p(x | z) for one example, feature by feature. BB-ANS asks for the features in two orders:
 *
 * <ul>
 *   <li>encoding pushes them last to first, {@code index} = D−1, …, 0, with {@code example} complete;
 *   <li>decoding pops them first to last, {@code index} = 0, …, D−1, with {@code example} holding the features
 *       decoded so far (0 … index−1) and zeros after.
 * </ul>
 *
 * So a factorised decoder computes every feature's parameters from z once and ignores {@code example}; an
 * autoregressive one (PixelVAE) may read the features before {@code index}, which are the same in both orders. The
 * answer for a feature must not depend on the order of the calls.
 */
@FunctionalInterface
public interface ObservationModel {
    /**
     * @param index i in [0, D)
     * @param example the example, complete when encoding, filled up to i−1 when decoding
     * @return p(x_i | z, x_&lt;i)
     */
    FeatureDistribution feature(int index, int[] example);

    /**
     * A factorised Bernoulli decoder.
     *
     * @param logits one logit per feature
     * @return the observation model
     */
    static ObservationModel bernoulli(float[] logits) {
        return (index, example) -> new FeatureDistribution.Bernoulli(logits[index]);
    }

    /**
     * A factorised categorical decoder, the layout of one example of vaekit's {@link
     * dev.vaekit.distributions.Categorical256} logits, shape (classes, D): value v of feature i at {@code v * D + i}.
     *
     * @param logits the logits, classes·D
     * @param classes the number of values per feature
     * @return the observation model
     */
    static ObservationModel categorical(float[] logits, int classes) {
        int features = logits.length / classes;
        return (index, example) -> {
            double[] row = new double[classes];
            for (int v = 0; v < classes; v++) {
                row[v] = logits[v * features + index];
            }
            return new FeatureDistribution.Categorical(row);
        };
    }

    /**
     * A factorised discretized logistic mixture decoder, the layout of one example of vaekit's tensors of shape (K,
     * D): component k of feature i at {@code k * D + i}.
     *
     * @param weightLogits the mixture logits, K·D
     * @param means the means, K·D
     * @param logScales the log-scales, K·D
     * @param components K
     * @return the observation model
     */
    static ObservationModel logisticMixture(float[] weightLogits, float[] means, float[] logScales, int components) {
        int features = weightLogits.length / components;
        return (index, example) -> {
            double[] w = new double[components];
            double[] mu = new double[components];
            double[] logS = new double[components];
            for (int k = 0; k < components; k++) {
                w[k] = weightLogits[k * features + index];
                mu[k] = means[k * features + index];
                logS[k] = logScales[k * features + index];
            }
            return new FeatureDistribution.LogisticMixture(w, mu, logS);
        };
    }
}
