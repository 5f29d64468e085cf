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
 */
public record BbAnsSettings(
        int latentBits, int posteriorPrecision, int observationPrecision, int parameterGridBits, long seed) {

    /**
     * The defaults: B = 10, posterior and observation precision 24, G = 16, seed 0. On the toy models of the tests the
     * expected code length under these tables is within 0.02% of the continuous −ELBO; a posterior precision of only
     * B + 4 costs up to 3.4% there (each bucket's floor of 1 spreads 2^(B−P) of q's mass over all buckets), and the
     * rANS rounding at P = 24 measured below 10⁻⁵ bits a symbol (docs/bits-back.md, section 5).
     */
    public static final BbAnsSettings DEFAULT = new BbAnsSettings(10, 24, 24, 16, 0);

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
    }

    /** @return the grid of {@link #parameterGridBits} */
    public ParameterGrid grid() {
        return new ParameterGrid(parameterGridBits);
    }
}
