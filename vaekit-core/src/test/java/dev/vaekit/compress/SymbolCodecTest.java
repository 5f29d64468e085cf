package dev.vaekit.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.distributions.DiscretizedLogistic;
import dev.vaekit.distributions.NormalCdf;
import dev.vaekit.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codecs from distributions to frequencies: valid tables, the right masses, exact round trips. */
class SymbolCodecTest {
    private static final WordSource NO_WORDS = () -> {
        throw new AssertionError("the stack ran out");
    };

    /** c(0) = 0, c(n) = 2ᴾ, strictly increasing in between: every frequency ≥ 1 and they sum to 2ᴾ. */
    private static void assertValid(SymbolCodec codec) {
        int n = codec.symbols();
        assertThat(codec.cumulative(0)).isZero();
        assertThat(codec.cumulative(n)).isEqualTo(1 << codec.precision());
        for (int s = 0; s < n; s++) {
            assertThat(codec.frequency(s)).as("frequency of %d", s).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * The rule c(i) = ⌊C(i)(2ᴾ − n)⌋ + i gives f_s = p_s (2ᴾ − n) + 1 up to less than 1 either way.
     *
     * @param p the intended probabilities
     */
    private static void assertMasses(SymbolCodec codec, double[] p, double slack) {
        long spare = (1L << codec.precision()) - codec.symbols();
        for (int s = 0; s < p.length; s++) {
            assertThat((double) codec.frequency(s))
                    .as("frequency of %d", s)
                    .isCloseTo(p[s] * spare + 1, within(1 + slack * spare));
        }
    }

    /** Pushes a random symbol of each codec, last first, then pops them all. */
    private static void assertRoundTrip(List<SymbolCodec> codecs, Random random) {
        RansStack message = RansStack.create(SeededWords.initialState(7), NO_WORDS);
        int[] symbols = new int[codecs.size()];
        for (int k = codecs.size() - 1; k >= 0; k--) {
            SymbolCodec codec = codecs.get(k);
            // half the time a likely symbol (drawn by its frequency), half the time any
            symbols[k] = random.nextBoolean()
                    ? random.nextInt(codec.symbols())
                    : codec.pop(RansStack.create(SeededWords.initialState(random.nextLong()), NO_WORDS));
            codec.push(message, symbols[k]);
        }
        for (int k = 0; k < codecs.size(); k++) {
            assertThat(codecs.get(k).pop(message)).as("symbol %d", k).isEqualTo(symbols[k]);
        }
        assertThat(message.state()).isEqualTo(SeededWords.initialState(7));
        assertThat(message.wordCount()).isZero();
    }

    @Test
    void bernoulliFollowsTheSigmoidOfItsLogit() {
        Random random = new Random(1);
        List<SymbolCodec> codecs = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
            double logit = k % 10 == 0 ? 1e4 * (random.nextDouble() - 0.5) : 8 * random.nextGaussian();
            int precision = 1 + random.nextInt(30);
            BernoulliCodec codec = new BernoulliCodec(logit, precision);
            assertValid(codec);
            double p1 = 1 / (1 + Math.exp(-logit));
            assertMasses(codec, new double[] {1 - p1, p1}, 1e-15);
            codecs.add(codec);
        }
        assertRoundTrip(codecs, random);
        assertThat(new BernoulliCodec(1e4, 16).frequency(0)).isEqualTo(1);
        assertThat(new BernoulliCodec(-1e4, 16).frequency(1)).isEqualTo(1);
        assertThatThrownBy(() -> new BernoulliCodec(Double.NaN, 16)).hasMessageContaining("finite");
    }

    @Test
    void categoricalFollowsItsProbabilitiesAndItsSoftmax() {
        Random random = new Random(2);
        List<SymbolCodec> codecs = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            int n = 1 + random.nextInt(300);
            int precision = Math.max(9, 32 - Integer.numberOfLeadingZeros(n)) + random.nextInt(20);
            precision = Math.min(precision, RansStack.MAX_PRECISION);
            double[] logits = new double[n];
            double[] p = new double[n];
            double sum = 0;
            for (int s = 0; s < n; s++) {
                logits[s] = 3 * random.nextGaussian();
                p[s] = Math.exp(logits[s]);
                sum += p[s];
            }
            for (int s = 0; s < n; s++) {
                p[s] /= sum;
            }
            CategoricalCodec fromLogits = CategoricalCodec.fromLogits(logits, precision);
            CategoricalCodec fromProbabilities = CategoricalCodec.fromProbabilities(p, precision);
            assertValid(fromLogits);
            assertValid(fromProbabilities);
            assertMasses(fromLogits, p, 1e-13);
            assertMasses(fromProbabilities, p, 1e-13);
            codecs.add(fromLogits);
            codecs.add(fromProbabilities);
        }
        assertRoundTrip(codecs, random);
        // a zero probability still gets frequency 1; n = 2ᴾ leaves every symbol exactly 1
        assertThat(CategoricalCodec.fromProbabilities(new double[] {0, 1, 0}, 8).frequency(0))
                .isEqualTo(1);
        assertThat(CategoricalCodec.fromProbabilities(new double[] {0.9, 0.05, 0.03, 0.02}, 2)
                        .frequency(0))
                .isEqualTo(1);
        assertThatThrownBy(() -> CategoricalCodec.fromProbabilities(new double[] {0.5, -0.1}, 8))
                .hasMessageContaining(">= 0");
        assertThatThrownBy(() -> CategoricalCodec.fromProbabilities(new double[] {0, 0}, 8))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> CategoricalCodec.fromLogits(new double[] {0, Double.NaN}, 8))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> CategoricalCodec.fromLogits(new double[300], 8))
                .hasMessageContaining("2^8");
    }

    @Test
    void logisticMixtureMatchesTheTrainingLikelihood() {
        // the codec's masses against vaekit's DiscretizedLogistic (float32, on the engine) for random mixtures
        Random random = new Random(3);
        List<SymbolCodec> codecs = new ArrayList<>();
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            float[] levels = new float[256];
            for (int v = 0; v < 256; v++) {
                levels[v] = v / 255f;
            }
            NDArray x = manager.create(levels).reshape(256, 1);
            for (int k = 0; k < 60; k++) {
                int components = 1 + random.nextInt(5);
                float[] w = new float[components];
                float[] mu = new float[components];
                float[] logS = new float[components];
                for (int m = 0; m < components; m++) {
                    w[m] = (float) random.nextGaussian();
                    mu[m] = (float) (1.2 * (random.nextDouble() - 0.5) * 2);
                    logS[m] = (float) (-8 + 7 * random.nextDouble()); // some below the clamp at −7
                }
                double[] wd = new double[components];
                double[] mud = new double[components];
                double[] logSd = new double[components];
                for (int m = 0; m < components; m++) {
                    wd[m] = w[m];
                    mud[m] = mu[m];
                    logSd[m] = logS[m];
                }
                LogisticMixtureCodec codec = new LogisticMixtureCodec(wd, mud, logSd, 24);
                assertValid(codec);
                float[] logP = DiscretizedLogistic.mixtureLogProbPerFeature(
                                x,
                                manager.create(w).reshape(1, components, 1),
                                manager.create(mu).reshape(1, components, 1),
                                manager.create(logS).reshape(1, components, 1))
                        .toFloatArray();
                double total = 0;
                for (int v = 0; v < 256; v++) {
                    double mass = (v == 255 ? 1 : codec.cdf(v + 1)) - (v == 0 ? 0 : codec.cdf(v));
                    total += mass;
                    // eq. 2 directly, in double precision, component by component
                    double direct = 0;
                    boolean fallback = false;
                    double wMax =
                            Math.max(wd[0], java.util.Arrays.stream(wd).max().getAsDouble());
                    double wSum = java.util.Arrays.stream(wd)
                            .map(a -> Math.exp(a - wMax))
                            .sum();
                    for (int m = 0; m < components; m++) {
                        double scale = Math.exp(Math.max(logSd[m], -7));
                        double y = 2.0 * v / 255 - 1;
                        double upper = v == 255 ? 1 : 1 / (1 + Math.exp(-(y + 1.0 / 255 - mud[m]) / scale));
                        double lower = v == 0 ? 0 : 1 / (1 + Math.exp(-(y - 1.0 / 255 - mud[m]) / scale));
                        direct += Math.exp(wd[m] - wMax) / wSum * (upper - lower);
                        // where a component's bin mass is below 1e-5 the training likelihood takes density × width
                        fallback |= upper - lower > 1e-12 && upper - lower < 2e-5;
                    }
                    assertThat(mass).as("level %d", v).isCloseTo(direct, within(1e-12 + 1e-9 * direct));
                    if (mass > 1e-3 && !fallback) {
                        assertThat(mass).as("level %d", v).isCloseTo(Math.exp(logP[v]), within(2e-4 * mass));
                    }
                }
                assertThat(total).isCloseTo(1.0, within(1e-12));
                codecs.add(codec);
            }
        }
        assertRoundTrip(codecs, random);
        assertThatThrownBy(() -> new LogisticMixtureCodec(new double[1], new double[2], new double[1], 16))
                .hasMessageContaining("K >= 1");
        assertThatThrownBy(() -> new LogisticMixtureCodec(new double[1], new double[1], new double[1], 7))
                .hasMessageContaining("2^7");
    }

    @Test
    void latentBucketsHaveEqualPriorMassAndTheirCentresHalveIt() {
        for (int bits : new int[] {1, 2, 5, 8, 10, 12}) {
            LatentBuckets buckets = LatentBuckets.of(bits);
            int n = buckets.count();
            assertThat(n).isEqualTo(1 << bits);
            for (int i = 0; i < n; i++) {
                double low = NormalCdf.phi(buckets.edge(i));
                double high = NormalCdf.phi(buckets.edge(i + 1));
                assertThat(high - low).as("bucket %d of %d", i, n).isCloseTo(1.0 / n, within(1e-14));
                assertThat(NormalCdf.phi(buckets.centre(i))).isCloseTo((i + 0.5) / n, within(1e-14));
                assertThat(buckets.centre(i)).isCloseTo(-buckets.centre(n - 1 - i), within(1e-12));
            }
        }
        assertThat(LatentBuckets.of(8)).isSameAs(LatentBuckets.of(8));
        assertThat(LatentBuckets.of(1).edge(1)).isCloseTo(0.0, within(1e-15));
        assertThatThrownBy(() -> LatentBuckets.of(17)).hasMessageContaining("[1, 16]");
    }

    @Test
    void gaussianOverBucketsHasTheMassOfItsCdfDifferences() {
        Random random = new Random(4);
        LatentBuckets buckets = LatentBuckets.of(8);
        List<SymbolCodec> codecs = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            double mean = 3 * random.nextGaussian();
            double scale = Math.exp(-6 + 7 * random.nextDouble());
            int precision = 8 + random.nextInt(23);
            GaussianBucketCodec codec = new GaussianBucketCodec(buckets, mean, scale, precision);
            assertValid(codec);
            double[] p = new double[buckets.count()];
            for (int i = 0; i < p.length; i++) {
                p[i] = NormalCdf.phi((buckets.edge(i + 1) - mean) / scale)
                        - NormalCdf.phi((buckets.edge(i) - mean) / scale);
            }
            assertMasses(codec, p, 1e-13);
            codecs.add(codec);
        }
        assertRoundTrip(codecs, random);
        // the prior itself is uniform over the buckets up to the rounding
        GaussianBucketCodec standard = new GaussianBucketCodec(buckets, 0, 1, 20);
        for (int i = 0; i < buckets.count(); i++) {
            assertThat(standard.frequency(i)).isBetween((1 << 12) - 1, (1 << 12) + 1);
        }
        // a very sharp posterior puts everything but the floors on the bucket holding its mean
        GaussianBucketCodec sharp = new GaussianBucketCodec(buckets, buckets.centre(77), 1e-9, 16);
        assertThat(sharp.frequency(77)).isEqualTo((1 << 16) - 256 + 1);
        assertThatThrownBy(() -> new GaussianBucketCodec(buckets, 0, 0, 16)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new GaussianBucketCodec(buckets, 0, 1, 7)).hasMessageContaining("2^7");
    }

    @Test
    void uniformCostsExactlyItsBits() {
        Random random = new Random(5);
        UniformCodec codec = new UniformCodec(10);
        assertValid(codec);
        List<SymbolCodec> codecs = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            codecs.add(codec);
        }
        assertRoundTrip(codecs, random);
        assertThatThrownBy(() -> codec.push(RansStack.create(RansStack.LOWER, NO_WORDS), 1024))
                .hasMessageContaining("[0, 2^10)");
    }

    @Test
    void parameterGridRoundsToMultiplesAndClamps() {
        ParameterGrid grid = new ParameterGrid(16);
        assertThat(grid.round(0.1)).isEqualTo(Math.rint(0.1 * 65536) / 65536);
        assertThat(grid.round(0.1f)).isEqualTo(Math.rint((double) 0.1f * 65536) / 65536);
        assertThat(grid.round(-2.5 / 65536)).isEqualTo(-2.0 / 65536); // ties to even
        assertThat(grid.round(1e9)).isEqualTo(ParameterGrid.RANGE);
        assertThat(grid.round(-1e9)).isEqualTo(-ParameterGrid.RANGE);
        assertThat(new ParameterGrid(0).round(2.5)).isEqualTo(2.0);
        assertThat(new ParameterGrid(30).round(1.0 / 3)).isEqualTo(Math.rint((1.0 / 3) * (1 << 30)) / (1 << 30));
        assertThatThrownBy(() -> grid.round(Double.NaN)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> grid.round(Double.POSITIVE_INFINITY)).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> new ParameterGrid(31)).hasMessageContaining("parameterGridBits");
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new BbAnsSettings(0, 20, 20, 16, 0)).hasMessageContaining("latentBits");
        assertThatThrownBy(() -> new BbAnsSettings(10, 9, 20, 16, 0)).hasMessageContaining("posteriorPrecision");
        assertThatThrownBy(() -> new BbAnsSettings(10, 20, 31, 16, 0)).hasMessageContaining("observationPrecision");
        assertThatThrownBy(() -> new BbAnsSettings(10, 20, 20, -1, 0)).hasMessageContaining("parameterGridBits");
    }
}
