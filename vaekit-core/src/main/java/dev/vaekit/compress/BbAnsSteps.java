package dev.vaekit.compress;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One example's step of bits-back coding with ANS over a {@link LatentChainModel} of L latent layers, in the order of
 * a {@link CodingScheme}, and its exact inverse. With z_1 … z_L the layers (z_1 next to x) and c(z) the buckets'
 * centres:
 *
 * <pre>
 *   BB-ANS (Townsend et al. 2019, algorithm 1;          Bit-Swap (Kingma, Abbeel &amp; Ho 2019, section 3)
 *   L layers as Kingma et al. 2019, section 3)
 *   encode x:                                           encode x:
 *     pop z_1 ~ q(z_1|x)                                  pop z_1 ~ q(z_1|x)
 *     for l = 1 … L−1: pop z_{l+1} ~ q(·|c(z_l))          push x with p(x|c(z_1))
 *     push x with p(x|c(z_1))                             for l = 1 … L−1:
 *     for l = 1 … L−1: push z_l with p(·|c(z_{l+1}))         pop z_{l+1} ~ q(·|c(z_l))
 *     push z_L with p(z_L)                                   push z_l with p(·|c(z_{l+1}))
 *                                                         push z_L with p(z_L)
 *   decode: the same operations in the reverse order, each pop a push and each push a pop.
 * </pre>
 *
 * Within a layer, pops go through the coordinates first to last and pushes last to first; x's features are pushed
 * last to first and popped first to last (so an autoregressive p(x|z) sees x_&lt;i). Every layer is coded over the
 * buckets of {@link LatentBuckets}, coordinate d of layer l moved and stretched to m_{l,d} + s_{l,d}·u by the fit of
 * its marginal ({@link LatentMarginals}; m = 0, s = 1 for the top layer, and for every layer when the settings'
 * marginalSamples is 0): p(z_L) is uniform over them ({@link UniformCodec}, exactly B bits a coordinate, since the
 * buckets have equal mass under N(0, 1)); every other conditional, q(z_1|x), q(z_{l+1}|z_l) and p(z_l|z_{l+1}) alike,
 * is {@link GaussianBucketCodec} with μ = q(mean) and σ = exp(½ clamp(q(logVar), −60, 60)), q the {@link
 * ParameterGrid}, at the posterior precision, over u: N((μ − m)/s, (σ/s)²), the same masses as N(μ, σ²) over z's
 * buckets. Because q(z_l|·) and p(z_l|·) are coded over the same buckets, the
 * buckets' widths cancel in the code length of z_l, and what is left approaches log q(z_l|·) − log p(z_l|·): the
 * expected code length of an example is the −ELBO of the discretised model in both orders (Kingma et al. 2019,
 * section 3), which approaches the model's as the buckets narrow.
 *
 * <p>With L = 1 both orders are Townsend et al.'s single-layer BB-ANS (format version 1 coded it and no other).
 */
final class BbAnsSteps {
    /** The posterior's log-variance is clamped to [−60, 60] after rounding, so that σ is positive and finite. */
    static final double LOG_VARIANCE_LIMIT = 60;

    private static final double LOG_2 = Math.log(2);

    private final LatentChainModel model;
    private final BbAnsSettings settings;
    private final CodingScheme scheme;
    private final ParameterGrid grid;
    private final LatentBuckets buckets;
    private final LatentMarginals marginals;
    private final UniformCodec prior;
    private final int[] sizes;
    private final int top;
    private final int features;
    private final int alphabet;

    /** Single-layer BB-ANS. */
    BbAnsSteps(LatentVariableModel model, BbAnsSettings settings) {
        this(LatentChainModel.oneLayer(model), settings, CodingScheme.BB_ANS);
    }

    BbAnsSteps(LatentChainModel model, BbAnsSettings settings, CodingScheme scheme) {
        this.model = model;
        this.settings = settings;
        this.scheme = scheme;
        this.grid = settings.grid();
        this.buckets = LatentBuckets.of(settings.latentBits());
        this.prior = new UniformCodec(settings.latentBits());
        this.sizes = model.layerSizes().clone();
        this.top = sizes.length - 1;
        this.features = model.featureCount();
        this.alphabet = model.alphabetSize();
        if (sizes.length < 1 || Arrays.stream(sizes).anyMatch(d -> d < 1) || features < 1 || alphabet < 2) {
            throw new IllegalArgumentException("a model needs at least one latent layer, each of >= 1 coordinates, "
                    + "D >= 1 and an alphabet of >= 2 values, got layers " + Arrays.toString(sizes) + ", D = "
                    + features + ", alphabet " + alphabet);
        }
        this.marginals = LatentMarginals.fromPrior(model, settings.marginalSamples(), settings.latentBits(), grid);
    }

    /** @return the layers' sizes, bottom first (not copied) */
    int[] layerSizes() {
        return sizes;
    }

    /** @return the scheme */
    CodingScheme scheme() {
        return scheme;
    }

    /**
     * @throws IllegalArgumentException if the example has the wrong length or a value outside the alphabet
     */
    void validate(int[] example) {
        if (example.length != features) {
            throw new IllegalArgumentException("an example must have " + features + " features, got " + example.length);
        }
        for (int i = 0; i < features; i++) {
            if (example[i] < 0 || example[i] >= alphabet) {
                throw new IllegalArgumentException(
                        "feature " + i + " must be in [0, " + alphabet + "), got " + example[i]);
            }
        }
    }

    /**
     * Pushes one example.
     *
     * @param bitsBack receives −log₂ of the popped frequencies at index 0
     * @return its ideal code length in bits: −log₂ of the pushed frequencies minus −log₂ of the popped ones
     * @throws IllegalArgumentException if the example has the wrong length or a value outside its feature's range
     */
    double encode(RansStack message, int[] example, double[] bitsBack) {
        validate(example);
        Tally tally = new Tally();
        int[][] z = new int[sizes.length][];
        z[0] = popLayer(message, 0, posterior(example, 0, null), tally);
        if (scheme == CodingScheme.BIT_SWAP) {
            pushExample(message, example, z[0], tally);
            for (int l = 1; l <= top; l++) {
                z[l] = popLayer(message, l, posterior(null, l, z[l - 1]), tally);
                pushLayer(message, l - 1, conditionalPrior(l - 1, z[l]), z[l - 1], tally);
            }
        } else {
            for (int l = 1; l <= top; l++) {
                z[l] = popLayer(message, l, posterior(null, l, z[l - 1]), tally);
            }
            pushExample(message, example, z[0], tally);
            for (int l = 0; l < top; l++) {
                pushLayer(message, l, conditionalPrior(l, z[l + 1]), z[l], tally);
            }
        }
        for (int d = sizes[top] - 1; d >= 0; d--) {
            prior.push(message, z[top][d]);
        }
        tally.pushed += (double) sizes[top] * settings.latentBits();
        bitsBack[0] = tally.popped;
        return tally.pushed - tally.popped;
    }

    /** Pops one example: the inverse of {@link #encode}, operation by operation in the reverse order. */
    int[] decode(RansStack message) {
        int[][] z = new int[sizes.length][];
        z[top] = new int[sizes[top]];
        for (int d = 0; d < sizes[top]; d++) {
            z[top][d] = prior.pop(message);
        }
        int[] example;
        if (scheme == CodingScheme.BIT_SWAP) {
            for (int l = top; l >= 1; l--) {
                z[l - 1] = popLayer(message, l - 1, conditionalPrior(l - 1, z[l]), null);
                pushLayer(message, l, posterior(null, l, z[l - 1]), z[l], null);
            }
            example = popExample(message, z[0]);
        } else {
            for (int l = top - 1; l >= 0; l--) {
                z[l] = popLayer(message, l, conditionalPrior(l, z[l + 1]), null);
            }
            example = popExample(message, z[0]);
            for (int l = top; l >= 1; l--) {
                pushLayer(message, l, posterior(null, l, z[l - 1]), z[l], null);
            }
        }
        pushLayer(message, 0, posterior(example, 0, null), z[0], null);
        return example;
    }

    /** The bits pushed and popped so far in one example's encoding. */
    private static final class Tally {
        double pushed;
        double popped;
    }

    /** Pops a layer's coordinates first to last, each from its coordinate of g over the buckets. */
    private int[] popLayer(RansStack message, int layer, GaussianPosterior g, Tally tally) {
        int[] z = new int[g.mean().length];
        for (int d = 0; d < z.length; d++) {
            SymbolCodec codec = posteriorCodec(layer, g, d);
            z[d] = codec.pop(message);
            if (tally != null) {
                tally.popped += cost(codec, z[d]);
            }
        }
        return z;
    }

    /** Pushes a layer's coordinates last to first. */
    private void pushLayer(RansStack message, int layer, GaussianPosterior g, int[] z, Tally tally) {
        for (int d = z.length - 1; d >= 0; d--) {
            SymbolCodec codec = posteriorCodec(layer, g, d);
            codec.push(message, z[d]);
            if (tally != null) {
                tally.pushed += cost(codec, z[d]);
            }
        }
    }

    /** Pushes x with p(x|c(z_1)), features last to first. */
    private void pushExample(RansStack message, int[] example, int[] bottom, Tally tally) {
        ObservationModel p = model.likelihood(centres(0, bottom));
        for (int i = features - 1; i >= 0; i--) {
            SymbolCodec codec = featureCodec(p, i, example);
            if (example[i] >= codec.symbols()) {
                throw new IllegalArgumentException(
                        "feature " + i + " must be in [0, " + codec.symbols() + "), got " + example[i]);
            }
            codec.push(message, example[i]);
            tally.pushed += cost(codec, example[i]);
        }
    }

    /** Pops x with p(x|c(z_1)), features first to last. */
    private int[] popExample(RansStack message, int[] bottom) {
        ObservationModel p = model.likelihood(centres(0, bottom));
        int[] example = new int[features];
        for (int i = 0; i < features; i++) {
            example[i] = featureCodec(p, i, example).pop(message);
        }
        return example;
    }

    /** q(z_1|x) for layer 0 (from the example), q(z_{l+1}|z_l) above it (from layer l−1's buckets). */
    private GaussianPosterior posterior(int[] example, int layer, int[] below) {
        GaussianPosterior q =
                layer == 0 ? model.posterior(example) : model.layerPosterior(layer, centres(layer - 1, below));
        return checked(q, layer, "posterior");
    }

    /** p(z_{l+1}|z_{l+2}) of layer l, given layer l+1's buckets. */
    private GaussianPosterior conditionalPrior(int layer, int[] above) {
        return checked(model.layerPrior(layer, centres(layer + 1, above)), layer, "conditional prior");
    }

    private GaussianPosterior checked(GaussianPosterior g, int layer, String what) {
        if (g.mean().length != sizes[layer]) {
            throw new IllegalStateException("the model's " + what + " of latent layer " + (layer + 1) + " has "
                    + g.mean().length + " coordinates, the layer has " + sizes[layer]);
        }
        return g;
    }

    /** @return layer l's buckets' centres: m_{l,d} + s_{l,d}·c_i (c_i itself where m = 0, s = 1) */
    double[] centres(int layer, int[] z) {
        double[] centres = new double[z.length];
        for (int d = 0; d < z.length; d++) {
            centres[d] = marginals.isStandard()
                    ? buckets.centre(z[d])
                    : marginals.offset(layer, d) + marginals.scale(layer, d) * buckets.centre(z[d]);
        }
        return centres;
    }

    /** A diagonal Gaussian's coordinate d over the buckets of N(0, 1): q(z_d | ·) or p(z_d | ·). */
    SymbolCodec posteriorCodec(GaussianPosterior q, int d) {
        double mean = grid.round(q.mean()[d]);
        double logVariance =
                Math.max(-LOG_VARIANCE_LIMIT, Math.min(LOG_VARIANCE_LIMIT, grid.round(q.logVariance()[d])));
        return new GaussianBucketCodec(buckets, mean, StrictMath.exp(0.5 * logVariance), settings.posteriorPrecision());
    }

    /**
     * A diagonal Gaussian's coordinate d of layer l over that layer's buckets: N(μ, σ²) over z = m + s·u is N((μ −
     * m)/s, (σ/s)²) over u's buckets of N(0, 1).
     */
    SymbolCodec posteriorCodec(int layer, GaussianPosterior q, int d) {
        if (marginals.isStandard()) {
            return posteriorCodec(q, d);
        }
        double mean = grid.round(q.mean()[d]);
        double logVariance =
                Math.max(-LOG_VARIANCE_LIMIT, Math.min(LOG_VARIANCE_LIMIT, grid.round(q.logVariance()[d])));
        double m = marginals.offset(layer, d);
        double s = marginals.scale(layer, d);
        return new GaussianBucketCodec(
                buckets, (mean - m) / s, StrictMath.exp(0.5 * logVariance) / s, settings.posteriorPrecision());
    }

    /** p(x_i | z_1, x_&lt;i) at the observation precision. */
    SymbolCodec featureCodec(ObservationModel p, int i, int[] example) {
        FeatureDistribution distribution = p.feature(i, example);
        if (distribution.symbols() > alphabet) {
            throw new IllegalStateException("the model gives feature " + i + " a distribution over "
                    + distribution.symbols() + " values, its alphabet has " + alphabet);
        }
        return distribution.codec(grid, settings.observationPrecision());
    }

    /** −log₂(f / 2ᴾ). */
    static double cost(SymbolCodec codec, int symbol) {
        return codec.precision() - Math.log(codec.frequency(symbol)) / LOG_2;
    }

    /** The CRC-32C of one example's values as 4-byte big-endian integers. */
    static int exampleCrc(int[] example) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * example.length);
        for (int v : example) {
            bytes.putInt(v);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.array());
        return (int) crc.getValue();
    }

    /** The CRC-32C of the examples' CRCs, in example order. */
    static int contentCrc(int[] exampleCrcs, int count) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * count);
        for (int i = 0; i < count; i++) {
            bytes.putInt(exampleCrcs[i]);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.array());
        return (int) crc.getValue();
    }
}
