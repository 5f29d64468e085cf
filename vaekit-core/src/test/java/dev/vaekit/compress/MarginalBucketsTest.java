package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The buckets of a latent layer below the top fitted to its marginal ({@link LatentMarginals}), on a chain whose z_1
 * lives far from N(0, 1): {@link ChainToyModel}'s two-layer chain with z_1 moved and stretched to z_1 = M + T·z_1'
 * ({@link Stretched}). The −ELBO does not change under an affine map of z_1 (log q(z_1|·) − log p(z_1|·) keeps its
 * value: the Jacobians cancel), so {@link ChainToyModel#negativeElbo} of the unstretched chain is its −ELBO, exactly.
 * Over the buckets of N(0, 1), z_1 (spread over about M ± 3T) mostly falls in the outer buckets, whose centres (±3.3 at
 * B = 8... 10) are far from it, and the code costs far more than the −ELBO; over the fitted buckets it costs the −ELBO
 * within the discretisation's tolerance (as derived in {@link BitSwapRateTest}).
 */
class MarginalBucketsTest {
    private static final double LOG_2 = Math.log(2);
    private static final double SHIFT = 5;
    private static final double STRETCH = 8;
    private static final int SAMPLES = 4096;

    /** The chain with z_1 = M + T·z_1', z_1' the base chain's bottom layer. */
    static final class Stretched implements LatentChainModel {
        final ChainToyModel base;

        Stretched(ChainToyModel base) {
            this.base = base;
        }

        @Override
        public int[] layerSizes() {
            return base.layerSizes();
        }

        @Override
        public int featureCount() {
            return base.featureCount();
        }

        @Override
        public int alphabetSize() {
            return base.alphabetSize();
        }

        private static GaussianPosterior out(GaussianPosterior g) {
            double[] mean = new double[g.mean().length];
            double[] logVariance = new double[mean.length];
            for (int d = 0; d < mean.length; d++) {
                mean[d] = SHIFT + STRETCH * g.mean()[d];
                logVariance[d] = g.logVariance()[d] + 2 * Math.log(STRETCH);
            }
            return new GaussianPosterior(mean, logVariance);
        }

        private static double[] in(double[] z) {
            double[] back = new double[z.length];
            for (int d = 0; d < z.length; d++) {
                back[d] = (z[d] - SHIFT) / STRETCH;
            }
            return back;
        }

        @Override
        public GaussianPosterior posterior(int[] example) {
            return out(base.posterior(example));
        }

        @Override
        public GaussianPosterior layerPosterior(int layer, double[] below) {
            return base.layerPosterior(layer, in(below));
        }

        @Override
        public GaussianPosterior layerPrior(int layer, double[] above) {
            return out(base.layerPrior(layer, above));
        }

        @Override
        public ObservationModel likelihood(double[] bottom) {
            return base.likelihood(in(bottom));
        }
    }

    private static BbAnsSettings settings(int latentBits, int samples) {
        return new BbAnsSettings(latentBits, 30, 30, 30, 3, samples);
    }

    @Test
    void theFitIsTheMarginalOfTheDiscretisedChain() {
        Stretched model = new Stretched(new ChainToyModel(new int[] {2, 2}, 12, 7));
        LatentMarginals fit = LatentMarginals.fromPrior(model, SAMPLES, 10, new ParameterGrid(30));
        // z_2 is a uniform draw of the buckets' centres: mean 0, variance v = (1/n) Σ c_i² (a little under 1)
        LatentBuckets buckets = LatentBuckets.of(10);
        double v = 0;
        for (int i = 0; i < buckets.count(); i++) {
            v += buckets.centre(i) * buckets.centre(i) / buckets.count();
        }
        for (int k = 0; k < 2; k++) {
            // p(z_1'|z_2) = N(a z_2 + b, s²), read off the model; z_1 = M + T z_1'
            double b = model.base.layerPrior(0, new double[] {0, 0}).mean()[k];
            double a = model.base.layerPrior(0, new double[] {1, 1}).mean()[k] - b;
            double s2 = Math.exp(model.base.layerPrior(0, new double[] {0, 0}).logVariance()[k]);
            double mean = SHIFT + STRETCH * b;
            double variance = STRETCH * STRETCH * (a * a * v + s2);
            // the sample mean of S means has standard error T|a|√(v/S); the variance's spread part (a² v) has a
            // standard error of about T² a² v √(2/S): 5 of each
            assertThat(Math.abs(fit.offset(0, k) - mean))
                    .isLessThanOrEqualTo(5 * STRETCH * Math.abs(a) * Math.sqrt(v / SAMPLES));
            double fitted = fit.scale(0, k) * fit.scale(0, k);
            assertThat(Math.abs(fitted - variance))
                    .isLessThanOrEqualTo(5 * STRETCH * STRETCH * a * a * v * Math.sqrt(2.0 / SAMPLES));
            // the top layer keeps N(0, 1), so that its prior stays uniform over its buckets
            assertThat(fit.offset(1, k)).isZero();
            assertThat(fit.scale(1, k)).isEqualTo(1);
        }
        assertThat(fit.isStandard()).isFalse();
        // the same numbers on every call: the decoder's fit is the encoder's
        LatentMarginals again = LatentMarginals.fromPrior(model, SAMPLES, 10, new ParameterGrid(30));
        assertThat(again.offset(0, 1)).isEqualTo(fit.offset(0, 1));
        assertThat(again.scale(0, 0)).isEqualTo(fit.scale(0, 0));
        assertThat(LatentMarginals.fromPrior(model, 0, 10, new ParameterGrid(30))
                        .isStandard())
                .isTrue();
    }

    @Test
    void fittedBucketsCloseTheRateGap() {
        Stretched model = new Stretched(new ChainToyModel(new int[] {2, 2}, 12, 7));
        List<int[]> data = model.base.sample(40, 11);
        double elbo = 0;
        double standard = 0;
        double fitted = 0;
        double variance = 0;
        double tolerance = 0;
        for (int[] x : data) {
            elbo += model.base.negativeElbo(x) / LOG_2;
            standard += BitSwapRateTest.expectedBits(model, settings(8, 0), x)[0];
            double[] fine = BitSwapRateTest.expectedBits(model, settings(8, SAMPLES), x);
            fitted += fine[0];
            variance += fine[1];
            tolerance += Math.abs(fine[0] - BitSwapRateTest.expectedBits(model, settings(7, SAMPLES), x)[0]);
        }
        System.out.printf(
                "-ELBO %.2f bits; expected over N(0,1) buckets %.2f (%+.1f%%), over fitted buckets %.2f (%+.2f%%),"
                        + " tolerance %.2f%n",
                elbo, standard, 100 * (standard / elbo - 1), fitted, 100 * (fitted / elbo - 1), tolerance);
        // the problem: over N(0, 1)'s buckets the code is far above the -ELBO
        assertThat(standard - elbo).isGreaterThan(0.2 * elbo);
        // the fix: over the fitted buckets it is the -ELBO within the discretisation's tolerance (BitSwapRateTest)
        assertThat(Math.abs(fitted - elbo)).isLessThanOrEqualTo(tolerance);
        // and both schemes achieve that expectation (within 4 standard deviations) and decode exactly
        for (CodingScheme scheme : CodingScheme.values()) {
            BbAnsEncoder.Compressed file = BitSwapRoundTripTest.compress(model, settings(8, SAMPLES), scheme, data);
            double net = file.report().netBits();
            System.out.printf("%s: net %.2f bits, expected %.2f ± %.2f%n", scheme, net, fitted, Math.sqrt(variance));
            assertThat(Math.abs(net - fitted)).as("%s", scheme).isLessThanOrEqualTo(4 * Math.sqrt(variance));
            assertThat(BbAnsDecoder.decodeAll(file.bytes(), "stretched.vkbb", model, BitSwapRoundTripTest.HASH))
                    .containsExactlyElementsOf(data);
            assertThat(CompressedFile.header(file.bytes(), "stretched.vkbb")
                            .settings()
                            .marginalSamples())
                    .isEqualTo(SAMPLES);
        }
    }
}
