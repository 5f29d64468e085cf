package dev.vaekit.compress;

/**
 * What BB-ANS needs of a model with one layer of latent variables: a prior N(0, I) over {@link #latentDimension()}
 * coordinates (which BB-ANS discretises, {@link LatentBuckets}), an approximate posterior q(z|x) that is a diagonal
 * Gaussian, and a likelihood p(x|z) over {@link #featureCount()} discrete features. A model with several latent layers
 * is a {@link LatentChainModel}; this is the chain of one layer ({@link LatentChainModel#oneLayer}).
 *
 * <p>Determinism: the decoder calls {@link #posterior} and {@link #likelihood} on the same inputs as the encoder and
 * must get the same outputs bit for bit. Call the network on one example at a time (the same batch size on both
 * sides), with a fixed thread count; the outputs then go through {@link ParameterGrid}. An implementation is called
 * from one thread.
 */
public interface LatentVariableModel {
    /** @return L, the number of latent coordinates */
    int latentDimension();

    /** @return D, the number of features of an example */
    int featureCount();

    /** @return the number of values a feature takes: features are in [0, alphabetSize) (2 for binary, 256 for 8-bit) */
    int alphabetSize();

    /**
     * @param example D values in [0, alphabetSize)
     * @return q(z | example), L means and log-variances
     */
    GaussianPosterior posterior(int[] example);

    /**
     * @param z L latent values: bucket centres of {@link LatentBuckets}
     * @return p(x | z)
     */
    ObservationModel likelihood(double[] z);
}
