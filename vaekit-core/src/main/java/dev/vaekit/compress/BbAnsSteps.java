package dev.vaekit.compress;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One example's step of BB-ANS (Townsend, Bird &amp; Barber 2019, algorithm 1 and table 1) and its exact inverse.
 *
 * <pre>
 *   encode x:  pop z ~ q(z|x)   (d = 0 … L−1)      decode:  pop z with p(z)      (d = 0 … L−1)
 *              push x with p(x|z) (i = D−1 … 0)              pop x with p(x|z)   (i = 0 … D−1)
 *              push z with p(z)   (d = L−1 … 0)              push z with q(z|x)  (d = L−1 … 0)
 * </pre>
 *
 * z's coordinates are buckets of {@link LatentBuckets}; p(z) is uniform over them ({@link UniformCodec}, exactly B
 * bits a coordinate); q(z_d|x) is {@link GaussianBucketCodec} with μ_d = q(mean_d) and σ_d = exp(½ clamp(q(logVar_d),
 * −60, 60)), q the {@link ParameterGrid}; p(x|z) is evaluated at the buckets' centres.
 */
final class BbAnsSteps {
    /** The posterior's log-variance is clamped to [−60, 60] after rounding, so that σ is positive and finite. */
    static final double LOG_VARIANCE_LIMIT = 60;

    private static final double LOG_2 = Math.log(2);

    private final LatentVariableModel model;
    private final BbAnsSettings settings;
    private final ParameterGrid grid;
    private final LatentBuckets buckets;
    private final UniformCodec prior;
    private final int latent;
    private final int features;
    private final int alphabet;

    BbAnsSteps(LatentVariableModel model, BbAnsSettings settings) {
        this.model = model;
        this.settings = settings;
        this.grid = settings.grid();
        this.buckets = LatentBuckets.of(settings.latentBits());
        this.prior = new UniformCodec(settings.latentBits());
        this.latent = model.latentDimension();
        this.features = model.featureCount();
        this.alphabet = model.alphabetSize();
        if (latent < 1 || features < 1 || alphabet < 2) {
            throw new IllegalArgumentException("a model needs L >= 1, D >= 1 and an alphabet of >= 2 values, got L = "
                    + latent + ", D = " + features + ", alphabet " + alphabet);
        }
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
        GaussianPosterior q = posterior(example);
        int[] z = new int[latent];
        double bits = 0;
        for (int d = 0; d < latent; d++) {
            SymbolCodec codec = posteriorCodec(q, d);
            z[d] = codec.pop(message);
            bits -= cost(codec, z[d]);
        }
        bitsBack[0] = -bits;
        ObservationModel p = model.likelihood(centres(z));
        for (int i = features - 1; i >= 0; i--) {
            SymbolCodec codec = featureCodec(p, i, example);
            if (example[i] < 0 || example[i] >= codec.symbols()) {
                throw new IllegalArgumentException(
                        "feature " + i + " must be in [0, " + codec.symbols() + "), got " + example[i]);
            }
            codec.push(message, example[i]);
            bits += cost(codec, example[i]);
        }
        for (int d = latent - 1; d >= 0; d--) {
            prior.push(message, z[d]);
        }
        return bits + (double) latent * settings.latentBits();
    }

    /** Pops one example: the inverse of {@link #encode}. */
    int[] decode(RansStack message) {
        int[] z = new int[latent];
        for (int d = 0; d < latent; d++) {
            z[d] = prior.pop(message);
        }
        ObservationModel p = model.likelihood(centres(z));
        int[] example = new int[features];
        for (int i = 0; i < features; i++) {
            example[i] = featureCodec(p, i, example).pop(message);
        }
        GaussianPosterior q = posterior(example);
        for (int d = latent - 1; d >= 0; d--) {
            posteriorCodec(q, d).push(message, z[d]);
        }
        return example;
    }

    /** @return the buckets' centres */
    double[] centres(int[] z) {
        double[] centres = new double[z.length];
        for (int d = 0; d < z.length; d++) {
            centres[d] = buckets.centre(z[d]);
        }
        return centres;
    }

    private GaussianPosterior posterior(int[] example) {
        GaussianPosterior q = model.posterior(example);
        if (q.mean().length != latent) {
            throw new IllegalStateException(
                    "the model's posterior has " + q.mean().length + " coordinates, its latent dimension is " + latent);
        }
        return q;
    }

    /** q(z_d | x) over the buckets. */
    SymbolCodec posteriorCodec(GaussianPosterior q, int d) {
        double mean = grid.round(q.mean()[d]);
        double logVariance =
                Math.max(-LOG_VARIANCE_LIMIT, Math.min(LOG_VARIANCE_LIMIT, grid.round(q.logVariance()[d])));
        return new GaussianBucketCodec(buckets, mean, StrictMath.exp(0.5 * logVariance), settings.posteriorPrecision());
    }

    private SymbolCodec featureCodec(ObservationModel p, int i, int[] example) {
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
