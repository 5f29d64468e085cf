package dev.vaekit.compress;

/**
 * The coder's settings, stored in every compressed file's header so that the decoder uses the encoder's.
 *
 * @param latentBits B: each latent coordinate is cut into 2ᴮ buckets of equal prior mass ({@link LatentBuckets}),
 *     and the prior costs exactly B bits a coordinate; in [1, {@value LatentBuckets#MAX_BITS}]
 * @param posteriorPrecision the precision of q(z|x) over the buckets, in [B, {@value RansStack#MAX_PRECISION}]; each
 *     bucket keeps a frequency of at least 1, so 2ᴮ/2ᴾ of the posterior's mass is spread evenly over all buckets
 * @param observationPrecision the precision of p(x|z) per feature, in [1, {@value RansStack#MAX_PRECISION}] (at least
 *     8 for 8-bit features)
 * @param parameterGridBits G of the {@link ParameterGrid} the model's outputs are rounded to
 * @param seed the seed of the initial bits ({@link SeededWords})
 * @param marginalSamples S, the ancestral samples of the Gaussian fit of each latent layer's marginal below the top,
 *     whose buckets are then of equal mass under that fit ({@link LatentMarginals#fromPrior}); 0 puts every layer over
 *     the buckets of N(0, 1), as format version 2 did; in [0, {@value LatentMarginals#MAX_SAMPLES}]. It does not
 *     matter with one latent layer.
 */
public record BbAnsSettings(
        int latentBits,
        int posteriorPrecision,
        int observationPrecision,
        int parameterGridBits,
        long seed,
        int marginalSamples) {

    /**
     * The defaults: B = 10, posterior and observation precision 24, G = 16, seed 0. On the toy models of the tests the
     * expected code length under these tables is within 0.02% of the continuous −ELBO; a posterior precision of only
     * B + 4 costs up to 3.4% there (each bucket's floor of 1 spreads 2^(B−P) of q's mass over all buckets), and the
     * rANS rounding at P = 24 measured below 10⁻⁵ bits a symbol (docs/bits-back.md, section 5).
     */
    public static final BbAnsSettings DEFAULT = new BbAnsSettings(10, 24, 24, 16, 0, 4096);

    /**
     * Settings with every latent layer over the buckets of N(0, 1) (S = 0, as format version 2).
     *
     * @param latentBits B
     * @param posteriorPrecision the precision of q(z|x)
     * @param observationPrecision the precision of p(x|z)
     * @param parameterGridBits G
     * @param seed the seed of the initial bits
     */
    public BbAnsSettings(
            int latentBits, int posteriorPrecision, int observationPrecision, int parameterGridBits, long seed) {
        this(latentBits, posteriorPrecision, observationPrecision, parameterGridBits, seed, 0);
    }

    /**
     * @param samples S
     * @return these settings with S samples for the latent layers' marginals
     */
    public BbAnsSettings withMarginalSamples(int samples) {
        return new BbAnsSettings(
                latentBits, posteriorPrecision, observationPrecision, parameterGridBits, seed, samples);
    }

    /** @throws IllegalArgumentException naming the setting that is out of range */
    public BbAnsSettings {
        if (latentBits < 1 || latentBits > LatentBuckets.MAX_BITS) {
            throw new IllegalArgumentException(
                    "latentBits must be in [1, " + LatentBuckets.MAX_BITS + "], got " + latentBits);
        }
        if (posteriorPrecision < latentBits || posteriorPrecision > RansStack.MAX_PRECISION) {
            throw new IllegalArgumentException("posteriorPrecision must be in [latentBits = " + latentBits + ", "
                    + RansStack.MAX_PRECISION + "], got " + posteriorPrecision);
        }
        if (observationPrecision < 1 || observationPrecision > RansStack.MAX_PRECISION) {
            throw new IllegalArgumentException("observationPrecision must be in [1, " + RansStack.MAX_PRECISION
                    + "], got " + observationPrecision);
        }
        new ParameterGrid(parameterGridBits); // validates
        if (marginalSamples < 0 || marginalSamples > LatentMarginals.MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "marginalSamples must be in [0, " + LatentMarginals.MAX_SAMPLES + "], got " + marginalSamples);
        }
    }

    /** @return the grid of {@link #parameterGridBits} */
    public ParameterGrid grid() {
        return new ParameterGrid(parameterGridBits);
    }
}
