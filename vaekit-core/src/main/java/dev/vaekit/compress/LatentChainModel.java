package dev.vaekit.compress;

/**
 * What bits-back coding needs of a model whose latent variables form a Markov chain of L diagonal-Gaussian layers z_1
 * (bottom, next to x) … z_L (top), the setting of Bit-Swap (Kingma, Abbeel &amp; Ho 2019, section 3):
 *
 * <pre>
 *   generative:  p(x, z_1..z_L) = p(x|z_1) · p(z_1|z_2) · … · p(z_{L−1}|z_L) · p(z_L),   p(z_L) = N(0, I)
 *   posterior:   q(z_1..z_L|x)  = q(z_1|x) · q(z_2|z_1) · … · q(z_L|z_{L−1})
 * </pre>
 *
 * each conditional of a latent layer a diagonal Gaussian (its mean and log-variance, as a {@link GaussianPosterior},
 * which here stands for any diagonal Gaussian, the conditional priors included) and p(x|z_1) a distribution over
 * {@link #featureCount()} discrete features. Every layer's coordinates are coded over the same buckets of equal mass
 * under N(0, 1) ({@link LatentBuckets}), so the layers' conditionals are evaluated at the buckets' centres of the
 * layer they are conditioned on. A model with one latent layer ({@link LatentVariableModel}) is the chain with L = 1
 * ({@link #oneLayer}).
 *
 * <p>Layers are numbered from 0 here: layer 0 is z_1, layer L−1 is z_L.
 *
 * <p>Determinism, as for {@link LatentVariableModel}: the decoder makes the same calls on the same inputs as the
 * encoder and must get the same outputs bit for bit, so evaluate one example at a time with a fixed thread count; the
 * outputs go through {@link ParameterGrid}. An implementation is called from one thread.
 */
public interface LatentChainModel {
    /** @return d_1 … d_L, the sizes of the layers, bottom first (a new array; L ≥ 1, each size ≥ 1) */
    int[] layerSizes();

    /** @return D, the number of features of an example */
    int featureCount();

    /** @return the number of values a feature takes: features are in [0, alphabetSize) */
    int alphabetSize();

    /**
     * @param example D values in [0, alphabetSize)
     * @return q(z_1 | example): d_1 means and log-variances
     */
    GaussianPosterior posterior(int[] example);

    /**
     * @param layer l in [1, L): the layer whose posterior is wanted
     * @param below layer l−1's values, bucket centres of {@link LatentBuckets}
     * @return q(z_{l+1} | z_l) in the paper's numbering: d_{l+1} means and log-variances
     */
    GaussianPosterior layerPosterior(int layer, double[] below);

    /**
     * @param layer l in [0, L−1): the layer whose conditional prior is wanted
     * @param above layer l+1's values, bucket centres of {@link LatentBuckets}
     * @return p(z_{l+1} | z_{l+2}) in the paper's numbering: d_{l+1} means and log-variances
     */
    GaussianPosterior layerPrior(int layer, double[] above);

    /**
     * @param bottom layer 0's values (z_1), bucket centres of {@link LatentBuckets}
     * @return p(x | z_1)
     */
    ObservationModel likelihood(double[] bottom);

    /**
     * A model with one latent layer as the chain with L = 1: q(z_1|x) is its posterior, p(z_1) = N(0, I) its prior.
     *
     * @param model the model
     * @return the chain; it has no conditional of one layer given another
     */
    static LatentChainModel oneLayer(LatentVariableModel model) {
        return new LatentChainModel() {
            @Override
            public int[] layerSizes() {
                return new int[] {model.latentDimension()};
            }

            @Override
            public int featureCount() {
                return model.featureCount();
            }

            @Override
            public int alphabetSize() {
                return model.alphabetSize();
            }

            @Override
            public GaussianPosterior posterior(int[] example) {
                return model.posterior(example);
            }

            @Override
            public GaussianPosterior layerPosterior(int layer, double[] below) {
                throw new IllegalArgumentException("a model with one latent layer has no layer " + layer);
            }

            @Override
            public GaussianPosterior layerPrior(int layer, double[] above) {
                throw new IllegalArgumentException("a model with one latent layer has no layer above layer " + layer);
            }

            @Override
            public ObservationModel likelihood(double[] bottom) {
                return model.likelihood(bottom);
            }
        };
    }
}
