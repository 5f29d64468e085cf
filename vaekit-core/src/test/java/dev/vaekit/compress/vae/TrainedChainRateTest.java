package dev.vaekit.compress.vae;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.compress.BbAnsSettings;
import dev.vaekit.compress.CodingScheme;
import dev.vaekit.compress.CompressionReport;
import dev.vaekit.compress.FeatureDistribution;
import dev.vaekit.compress.GaussianBucketCodec;
import dev.vaekit.compress.GaussianPosterior;
import dev.vaekit.compress.LatentBuckets;
import dev.vaekit.compress.ObservationModel;
import dev.vaekit.compress.ParameterGrid;
import dev.vaekit.compress.SymbolCodec;
import dev.vaekit.data.Dataset;
import dev.vaekit.distributions.NormalQuantile;
import dev.vaekit.models.Model;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bit-Swap and hierarchical BB-ANS on the trained two-layer model ({@link TrainedChainVae}): the code length per
 * example is the model's −ELBO, computed independently by the model's own estimator ({@code Model.likelihood()},
 * whose draws go through the model's training path), within a tolerance that is measured, not chosen; and Bit-Swap
 * needs fewer initial bits for the first image.
 *
 * <p>The tolerance. For each image, R coupled draws share their uniforms u between the continuous posterior (z =
 * μ + σ Φ⁻¹(u), layer by layer, the networks at z) and the coder's tables (the bucket whose frequencies hold u,
 * the networks at the buckets' centres): the continuous draw's −log p(x, z)/q(z|x) is an unbiased draw of the
 * −ELBO, the discrete draw's code length an exact draw of what the coder's pops produce, so their difference
 * estimates the discretisation's bias with little noise (the two draws are close), and the discrete draws' spread
 * is the coder's own sampling noise. The sum of the coder's code lengths over the images must then be the sum of the
 * model's −ELBO plus the estimated bias, within 4 standard errors of everything sampled: the coder's one draw per
 * image, the bias estimate, and the model's estimator with k draws.
 */
class TrainedChainRateTest {
    private static final double LN_2 = Math.log(2);
    private static final int IMAGES = 100;
    private static final int DRAWS = 30;
    private static final int K = 100;

    /** The coupled draws of one image: means and variances of the discrete code, the −ELBO integrand, and their gap. */
    private record Coupled(
            double code, double codeVariance, double elbo, double elboVariance, double gap, double gapVariance) {}

    /** Running mean and variance. */
    private static final class Moments {
        double sum;
        double squares;
        int n;

        void add(double v) {
            sum += v;
            squares += v * v;
            n++;
        }

        double mean() {
            return sum / n;
        }

        double variance() {
            return Math.max(0, (squares - sum * sum / n) / (n - 1));
        }
    }

    /** The coder's q or p of one coordinate over the buckets, as BbAnsSteps builds it from a diagonal Gaussian. */
    private static SymbolCodec codec(GaussianPosterior g, int d, BbAnsSettings settings) {
        ParameterGrid grid = settings.grid();
        double logVariance = Math.max(-60, Math.min(60, grid.round(g.logVariance()[d])));
        return new GaussianBucketCodec(
                LatentBuckets.of(settings.latentBits()),
                grid.round(g.mean()[d]),
                StrictMath.exp(0.5 * logVariance),
                settings.posteriorPrecision());
    }

    private static double bits(SymbolCodec codec, int symbol) {
        return codec.precision() - Math.log(codec.frequency(symbol)) / LN_2;
    }

    /** The symbol whose frequencies hold ⌊u 2ᴾ⌋: a draw of the codec's distribution from u. */
    private static int inverse(SymbolCodec codec, double u) {
        int cf = (int) Math.floor(u * (1 << codec.precision()));
        int low = 0;
        int high = codec.symbols();
        while (high - low > 1) {
            int mid = (low + high) >>> 1;
            if (codec.cumulative(mid) <= cf) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static double logNormal(double z, double mean, double logVariance) {
        double d = z - mean;
        return -0.5 * (Math.log(2 * Math.PI) + logVariance + d * d / Math.exp(logVariance));
    }

    private static double uniform(SplittableRandom random) {
        return ((random.nextLong() >>> 11) + 0.5) / (1L << 53);
    }

    static Coupled coupled(VaeChainCodingModel model, int[] x, BbAnsSettings settings, long seed) {
        LatentBuckets buckets = LatentBuckets.of(settings.latentBits());
        int[] sizes = model.layerSizes();
        SplittableRandom random = new SplittableRandom(seed);
        GaussianPosterior q1 = model.posterior(x);
        Moments code = new Moments();
        Moments elbo = new Moments();
        Moments gap = new Moments();
        for (int r = 0; r < DRAWS; r++) {
            double continuous = 0; // −log p(x, z) + log q(z|x), nats
            double discrete = 0; // the code length, bits
            double[] z1 = new double[sizes[0]];
            double[] c1 = new double[sizes[0]];
            int[] b1 = new int[sizes[0]];
            for (int k = 0; k < sizes[0]; k++) {
                double u = uniform(random);
                z1[k] = q1.mean()[k] + Math.exp(0.5 * q1.logVariance()[k]) * NormalQuantile.phiInverse(u);
                SymbolCodec codec = codec(q1, k, settings);
                b1[k] = inverse(codec, u);
                c1[k] = buckets.centre(b1[k]);
                continuous += logNormal(z1[k], q1.mean()[k], q1.logVariance()[k]);
                discrete -= bits(codec, b1[k]);
            }
            GaussianPosterior q2z = model.layerPosterior(1, z1);
            GaussianPosterior q2c = model.layerPosterior(1, c1);
            double[] z2 = new double[sizes[1]];
            double[] c2 = new double[sizes[1]];
            int[] b2 = new int[sizes[1]];
            for (int k = 0; k < sizes[1]; k++) {
                double u = uniform(random);
                z2[k] = q2z.mean()[k] + Math.exp(0.5 * q2z.logVariance()[k]) * NormalQuantile.phiInverse(u);
                SymbolCodec codec = codec(q2c, k, settings);
                b2[k] = inverse(codec, u);
                c2[k] = buckets.centre(b2[k]);
                continuous += logNormal(z2[k], q2z.mean()[k], q2z.logVariance()[k]);
                discrete -= bits(codec, b2[k]);
                continuous -= logNormal(z2[k], 0, 0); // p(z_2) = N(0, I)
                discrete += settings.latentBits();
            }
            GaussianPosterior p1z = model.layerPrior(0, z2);
            GaussianPosterior p1c = model.layerPrior(0, c2);
            for (int k = 0; k < sizes[0]; k++) {
                continuous -= logNormal(z1[k], p1z.mean()[k], p1z.logVariance()[k]);
                discrete += bits(codec(p1c, k, settings), b1[k]);
            }
            ObservationModel pz = model.likelihood(z1);
            ObservationModel pc = model.likelihood(c1);
            for (int i = 0; i < x.length; i++) {
                double logit = ((FeatureDistribution.Bernoulli) pz.feature(i, x)).logit();
                continuous += x[i] == 1 ? softplus(-logit) : softplus(logit);
                discrete += bits(pc.feature(i, x).codec(settings.grid(), settings.observationPrecision()), x[i]);
            }
            code.add(discrete);
            elbo.add(continuous / LN_2);
            gap.add(discrete - continuous / LN_2);
        }
        return new Coupled(code.mean(), code.variance(), elbo.mean(), elbo.variance(), gap.mean(), gap.variance());
    }

    private static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    @Test
    void theCodeLengthIsTheModelsElboWithinTheMeasuredTolerance() {
        Model network = TrainedChainVae.model();
        VaeChainCodingModel model = VaeChainCodingModel.of(network);
        Dataset rows = TrainedChainVae.testRows(IMAGES);
        ImageSymbols images = ImageSymbols.ofRows(rows, model.shape(), 2);
        BbAnsSettings settings = BbAnsSettings.DEFAULT;
        // the model's own −ELBO of each image, k draws of its estimator
        double[] elbo = network.likelihood().orElseThrow().score(rows, K, 11, 0).column("elbo");
        double modelNegativeElbo = 0;
        double bias = 0;
        double biasVariance = 0;
        double codeVariance = 0;
        double elboVariance = 0;
        double adapterNegativeElbo = 0;
        for (int i = 0; i < IMAGES; i++) {
            Coupled c = coupled(model, images.example(i), settings, 100 + i);
            modelNegativeElbo += -elbo[i] / LN_2;
            adapterNegativeElbo += c.elbo();
            bias += c.gap();
            biasVariance += c.gapVariance() / DRAWS;
            codeVariance += c.codeVariance();
            // the model's estimator averages K draws of an integrand at most as variable as the full one
            elboVariance += c.elboVariance() / K;
        }
        // the adapter's networks are the model's: the −ELBO through them is the model's own, within sampling noise
        double adapterSe = Math.sqrt(elboVariance * (1 + (double) K / DRAWS));
        System.out.printf(
                "-ELBO: the model's %.2f bits, through the coder's networks %.2f ± %.2f (%d images)%n",
                modelNegativeElbo, adapterNegativeElbo, adapterSe, IMAGES);
        assertThat(Math.abs(adapterNegativeElbo - modelNegativeElbo)).isLessThanOrEqualTo(4 * adapterSe);
        for (CodingScheme scheme : CodingScheme.values()) {
            CompressionReport report = VaeCompression.compress(model, images, new byte[] {1}, settings, scheme)
                    .report();
            double se = Math.sqrt(codeVariance + biasVariance + elboVariance);
            double excess = report.netBits() - modelNegativeElbo;
            System.out.printf(
                    "%s: code %.2f bits vs -ELBO %.2f (%+.4f%%), discretisation %.3f ± %.3f, 4 s.e. %.2f%n",
                    scheme,
                    report.netBits(),
                    modelNegativeElbo,
                    100 * excess / modelNegativeElbo,
                    bias,
                    Math.sqrt(biasVariance),
                    4 * se);
            assertThat(Math.abs(excess - bias)).as("%s", scheme).isLessThanOrEqualTo(4 * se);
        }
    }

    @Test
    void bitSwapNeedsFewerInitialBitsForTheFirstImage() {
        VaeChainCodingModel model = VaeChainCodingModel.of(TrainedChainVae.model());
        ImageSymbols all = TrainedChainVae.testImages(5);
        for (int i = 0; i < all.count(); i++) {
            ImageSymbols one = new ImageSymbols(
                    model.shape(),
                    2,
                    java.util.Arrays.copyOfRange(
                            all.values(), i * model.featureCount(), (i + 1) * model.featureCount()));
            CompressionReport bitSwap = VaeCompression.compress(
                            model, one, new byte[] {1}, BbAnsSettings.DEFAULT, CodingScheme.BIT_SWAP)
                    .report();
            CompressionReport bbAns = VaeCompression.compress(
                            model, one, new byte[] {1}, BbAnsSettings.DEFAULT, CodingScheme.BB_ANS)
                    .report();
            System.out.printf(
                    "image %d: initial bits Bit-Swap %.1f, BB-ANS %.1f (bits back %.1f and %.1f)%n",
                    i,
                    bitSwap.initialBits(),
                    bbAns.initialBits(),
                    bitSwap.exampleBitsBack()[0],
                    bbAns.exampleBitsBack()[0]);
            // BB-ANS pops both layers first: every bit back came from the initial bits, 31 to 63 bits are left over
            assertThat(bbAns.initialBits() - bbAns.exampleBitsBack()[0]).isBetween(31 - 1e-6, 63 + 1e-6);
            // Bit-Swap pops z_2 from what pushing x put on the message
            assertThat(bitSwap.initialBits()).isLessThan(bitSwap.exampleBitsBack()[0] + 31);
            assertThat(bitSwap.initialBits()).isLessThan(bbAns.initialBits());
        }
    }
}
