package dev.vaekit.compress;

import java.util.Arrays;

/**
 * Where each latent layer's buckets lie: coordinate d of layer l is cut into the buckets of {@link LatentBuckets}
 * moved and stretched to z = m_{l,d} + s_{l,d} · u, u's buckets being those of equal mass under N(0, 1). Then bucket i
 * of the coordinate is [m + s·e_i, m + s·e_{i+1}) with centre m + s·c_i, and it has equal mass 1/n under N(m, s²).
 *
 * <p>Why: Kingma, Abbeel &amp; Ho 2019 (Bit-Swap, section 3.3 and their experiments) discretise every latent layer
 * below the top with bins of equal mass under an estimate of that layer's marginal, not under N(0, 1). A layer below
 * the top has the prior p(z_l | z_{l+1}), whose marginal can be far from N(0, 1): in the two-layer model of Burda et
 * al. 2015 trained for five epochs, z_1's coordinates spread with standard deviations of 1.8 to 6.6, so a large share
 * of z_1's mass fell beyond the outermost N(0, 1) buckets (|z| &gt; 3.1), whose centres (±3.3) were far from the values
 * the decoder had been trained on; coding cost 26% more than the −ELBO (docs/bits-back.md, section 6). The top layer
 * keeps m = 0, s = 1: its prior N(0, I) is then exactly uniform over its buckets.
 *
 * <p>The estimate ({@link #fromPrior}) is a Gaussian fit, moment by moment, of each coordinate's marginal under the
 * model's own generative chain, from S ancestral samples: z_L's are uniform draws of its buckets' centres (exact
 * samples of the discretised prior), and each layer below gets, per sample, the mean μ and variance σ² of p(z_l |
 * z_{l+1}) (both through the {@link ParameterGrid}, as the coder sees them) and then a sample μ + σ·ε. With those,
 *
 * <pre>
 *   m = (1/S) Σ μ,   s² = (1/S) Σ σ² + (1/S) Σ μ² − m²      (the law of total variance)
 * </pre>
 *
 * The model alone determines it: the decoder, which has the model and the file's settings but no data, computes the
 * same numbers, and nothing is stored but S. The draws come from {@link SeededWords} with the fixed seed {@value
 * #SEED}; ε is the centre of a uniformly drawn one of the 2¹⁶ buckets of N(0, 1). The samples go through the model
 * one at a time in a fixed order and the sums are in that order, so the result is as reproducible as the coding
 * itself (the model must be evaluated the same way on both sides; see {@link LatentChainModel}).
 */
public final class LatentMarginals {
    /** The seed of the ancestral samples' draws. */
    public static final long SEED = 0x5EED_B175_3A9EL;

    /** The most samples {@link #fromPrior} takes. */
    public static final int MAX_SAMPLES = 1 << 20;

    /** A scale below this is raised to it, so that the buckets never collapse. */
    static final double MIN_SCALE = 1.0 / 1024;

    private static final int NOISE_BITS = 16;

    private final double[][] offsets;
    private final double[][] scales;
    private final boolean identity;

    private LatentMarginals(double[][] offsets, double[][] scales, boolean identity) {
        this.offsets = offsets;
        this.scales = scales;
        this.identity = identity;
    }

    /**
     * @param sizes the layers' sizes, bottom first
     * @return m = 0, s = 1 everywhere: every layer over the buckets of N(0, 1) (format version 2, and S = 0)
     */
    public static LatentMarginals standard(int[] sizes) {
        double[][] offsets = new double[sizes.length][];
        double[][] scales = new double[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            offsets[l] = new double[sizes[l]];
            scales[l] = new double[sizes[l]];
            Arrays.fill(scales[l], 1);
        }
        return new LatentMarginals(offsets, scales, true);
    }

    /**
     * The Gaussian fit of each layer's marginal below the top under the model's generative chain (see the class
     * comment); the top layer keeps m = 0, s = 1.
     *
     * @param model the model
     * @param samples S, in [1, {@value #MAX_SAMPLES}], or 0 for {@link #standard}
     * @param latentBits B of the buckets z_L's samples are drawn from
     * @param grid the grid the model's outputs are rounded to
     * @return the fit
     * @throws IllegalArgumentException if S is out of range
     */
    public static LatentMarginals fromPrior(LatentChainModel model, int samples, int latentBits, ParameterGrid grid) {
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException(
                    "the marginals' samples must be in [0, " + MAX_SAMPLES + "], got " + samples);
        }
        int[] sizes = model.layerSizes();
        if (samples == 0 || sizes.length == 1) {
            return standard(sizes);
        }
        int top = sizes.length - 1;
        LatentBuckets buckets = LatentBuckets.of(latentBits);
        LatentBuckets noise = LatentBuckets.of(NOISE_BITS);
        SeededWords words = new SeededWords(SEED);
        double[][] sumMean = new double[top][];
        double[][] sumSquare = new double[top][];
        for (int l = 0; l < top; l++) {
            sumMean[l] = new double[sizes[l]];
            sumSquare[l] = new double[sizes[l]];
        }
        for (int k = 0; k < samples; k++) {
            double[] above = new double[sizes[top]];
            for (int d = 0; d < above.length; d++) {
                above[d] = buckets.centre(words.next() >>> (32 - latentBits));
            }
            for (int l = top - 1; l >= 0; l--) {
                GaussianPosterior p = model.layerPrior(l, above);
                if (p.mean().length != sizes[l]) {
                    throw new IllegalStateException("the model's conditional prior of latent layer " + (l + 1) + " has "
                            + p.mean().length + " coordinates, the layer has " + sizes[l]);
                }
                double[] values = new double[sizes[l]];
                for (int d = 0; d < values.length; d++) {
                    double mean = grid.round(p.mean()[d]);
                    double logVariance = Math.max(
                            -BbAnsSteps.LOG_VARIANCE_LIMIT,
                            Math.min(BbAnsSteps.LOG_VARIANCE_LIMIT, grid.round(p.logVariance()[d])));
                    double variance = StrictMath.exp(logVariance);
                    sumMean[l][d] += mean;
                    sumSquare[l][d] += variance + mean * mean;
                    values[d] = mean + StrictMath.sqrt(variance) * noise.centre(words.next() >>> (32 - NOISE_BITS));
                }
                above = values;
            }
        }
        LatentMarginals fit = standard(sizes);
        for (int l = 0; l < top; l++) {
            for (int d = 0; d < sizes[l]; d++) {
                double m = sumMean[l][d] / samples;
                double variance = sumSquare[l][d] / samples - m * m;
                double s = StrictMath.sqrt(Math.max(0, variance));
                if (!Double.isFinite(m) || !Double.isFinite(s)) {
                    throw new IllegalStateException("the fit of latent layer " + (l + 1) + ", coordinate " + d
                            + " is not finite: mean " + m + ", scale " + s);
                }
                fit.offsets[l][d] = m;
                fit.scales[l][d] = Math.max(MIN_SCALE, s);
            }
        }
        return new LatentMarginals(fit.offsets, fit.scales, false);
    }

    /** @return whether every layer is over the buckets of N(0, 1) */
    public boolean isStandard() {
        return identity;
    }

    /**
     * @param layer l, from 0 (z_1)
     * @param d the coordinate
     * @return m_{l,d}
     */
    public double offset(int layer, int d) {
        return offsets[layer][d];
    }

    /**
     * @param layer l, from 0 (z_1)
     * @param d the coordinate
     * @return s_{l,d}, positive
     */
    public double scale(int layer, int d) {
        return scales[layer][d];
    }
}
