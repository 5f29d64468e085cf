package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The discretized logistic (mixture) of Salimans et al. 2017, eq. 2. */
class DiscretizedLogisticTest {
    private static final int LEVELS = DiscretizedLogistic.LEVELS;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** x = 0/255 … 255/255 as a column, (256, 1). */
    private NDArray allLevels() {
        float[] x = new float[LEVELS];
        for (int i = 0; i < LEVELS; i++) {
            x[i] = i / 255f;
        }
        return array(manager, x, LEVELS, 1);
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    @Test
    void theProbabilitiesOfAll256LevelsSumToOneForOneComponent() {
        int n = 40;
        NDArray mean = array(manager, uniform(1, n, -1.5, 1.5), 1, n);
        NDArray logScale = array(manager, uniform(2, n, -5, 1), 1, n);

        float[] total = DiscretizedLogistic.logProbPerFeature(allLevels(), mean, logScale)
                .exp()
                .sum(new int[] {0})
                .toFloatArray();

        assertThat(total).hasSize(n);
        for (float t : total) {
            assertThat((double) t).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void theProbabilitiesOfAll256LevelsSumToOneForThreeComponents() {
        int n = 30;
        int k = 3;
        NDArray logits = array(manager, uniform(3, k * n, -3, 3), 1, k, n);
        NDArray mean = array(manager, uniform(4, k * n, -1.2, 1.2), 1, k, n);
        NDArray logScale = array(manager, uniform(5, k * n, -6, 0.5), 1, k, n);

        float[] total = DiscretizedLogistic.mixtureLogProbPerFeature(allLevels(), logits, mean, logScale)
                .exp()
                .sum(new int[] {0})
                .toFloatArray();

        assertThat(total).hasSize(n);
        for (float t : total) {
            assertThat((double) t).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void anInnerLevelMatchesTheDifferenceOfTwoLogisticCdfs() {
        // x = 128/255 is y = 1/255 in [-1, 1]; its bin is [0, 2/255]
        double mu = 0.1;
        double logS = -2;
        double s = Math.exp(logS);
        double expected = Math.log(sigmoid((2.0 / 255 - mu) / s) - sigmoid((0 - mu) / s));

        float got = DiscretizedLogistic.logProbPerFeature(
                        array(manager, new float[] {128 / 255f}, 1),
                        array(manager, new float[] {(float) mu}, 1),
                        array(manager, new float[] {(float) logS}, 1))
                .toFloatArray()[0];

        assertThat((double) got).isCloseTo(expected, within(1e-5));
    }

    @Test
    void theEdgeLevelsTakeTheTailsAndAMixtureWeighsItsComponents() {
        double mu = -0.3;
        double logS = -1;
        double s = Math.exp(logS);
        // level 0 holds (-inf, -1 + 1/255], level 255 holds (1 - 1/255, inf)
        double lowest = Math.log(sigmoid((-1 + 1.0 / 255 - mu) / s));
        double highest = Math.log(1 - sigmoid((1 - 1.0 / 255 - mu) / s));

        float[] got = DiscretizedLogistic.logProbPerFeature(
                        array(manager, new float[] {0f, 1f}, 2),
                        array(manager, new float[] {(float) mu}, 1),
                        array(manager, new float[] {(float) logS}, 1))
                .toFloatArray();

        assertThat((double) got[0]).isCloseTo(lowest, within(1e-5));
        assertThat((double) got[1]).isCloseTo(highest, within(1e-4));

        // two components with weights 1/4 and 3/4: log(¼ P₁ + ¾ P₂)
        double mu2 = 0.5;
        double p1 = sigmoid((-1 + 1.0 / 255 - mu) / s);
        double p2 = sigmoid((-1 + 1.0 / 255 - mu2) / s);
        float mixture = DiscretizedLogistic.mixtureLogProbPerFeature(
                        array(manager, new float[] {0f}, 1),
                        array(manager, new float[] {0f, (float) Math.log(3)}, 2, 1),
                        array(manager, new float[] {(float) mu, (float) mu2}, 2, 1),
                        array(manager, new float[] {(float) logS, (float) logS}, 2, 1))
                .toFloatArray()[0];
        assertThat((double) mixture).isCloseTo(Math.log(0.25 * p1 + 0.75 * p2), within(1e-5));
    }

    @Test
    void aSharpLogisticFarFromALevelFallsBackToTheDensityAtTheBinCentre() {
        // s = e^-7 (the clamp) and level 148 (y = 41/255) about 20 bins from μ: the cdf difference underflows
        double logS = -7;
        double s = Math.exp(logS);
        double mu = 0;
        double y = 41.0 / 255;
        double m = (y - mu) / s;
        double expected = -m - logS - 2 * Math.log1p(Math.exp(-m)) + Math.log(2.0 / 255);

        float got = DiscretizedLogistic.logProbPerFeature(
                        array(manager, new float[] {148 / 255f}, 1),
                        array(manager, new float[] {(float) mu}, 1),
                        array(manager, new float[] {-20f}, 1)) // clamped to -7
                .toFloatArray()[0];

        assertThat((double) got).isCloseTo(expected, within(1e-2 * Math.abs(expected)));
        assertThat(Float.isFinite(got)).isTrue();
    }

    @Test
    void gradientsAreFiniteForExtremeParameters() {
        // levels at both edges and inside, against means far outside [-1, 1], tiny (clamped) and huge scales
        float[] levels = {0f, 1 / 255f, 0.5f, 254 / 255f, 1f};
        float[][] params = {{0f, -20f}, {50f, -7f}, {-50f, -7f}, {0.3f, 10f}, {1e4f, 0f}, {-1e4f, -3f}};
        int n = levels.length * params.length;
        int k = 2;
        float[] x = new float[n];
        float[] mean = new float[k * n];
        float[] logScale = new float[k * n];
        float[] logits = new float[k * n];
        for (int i = 0; i < n; i++) {
            float[] p = params[i / levels.length];
            x[i] = levels[i % levels.length];
            for (int c = 0; c < k; c++) {
                mean[c * n + i] = c == 0 ? p[0] : -p[0];
                logScale[c * n + i] = p[1];
                logits[c * n + i] = c == 0 ? 30f : -30f;
            }
        }
        try (NDScope scope = new NDScope();
                var collector = Engines.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray xs = array(manager, x, n);
            NDArray mu = array(manager, mean, k, n);
            NDArray ls = array(manager, logScale, k, n);
            NDArray w = array(manager, logits, k, n);
            for (NDArray a : new NDArray[] {mu, ls, w}) {
                a.setRequiresGradient(true);
            }
            NDArray single = DiscretizedLogistic.logProbPerFeature(
                    xs, mu.split(2, 0).get(0), ls.split(2, 0).get(0));
            NDArray mixture = DiscretizedLogistic.mixtureLogProbPerFeature(xs, w, mu, ls);
            assertAllFinite(single, "log P, one component");
            assertAllFinite(mixture, "log P, mixture");

            collector.backward(single.sum().add(mixture.sum()));

            assertAllFinite(mu.getGradient(), "d/dμ");
            assertAllFinite(ls.getGradient(), "d/d log s");
            assertAllFinite(w.getGradient(), "d/dw");
        }
    }

    private static void assertAllFinite(NDArray a, String what) {
        float[] values = a.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.isFinite(values[i]))
                    .as("%s [%d] = %s", what, i, values[i])
                    .isTrue();
        }
    }

    @Test
    void theMeanIsTheWeightedMeanMappedToTheUnitIntervalAndClipped() {
        float[] single = DiscretizedLogistic.mean(array(manager, new float[] {-2f, -1f, 0f, 0.5f, 3f}, 5))
                .toFloatArray();
        assertThat(single).containsExactly(0f, 0f, 0.5f, 0.75f, 1f);

        // weights 1/4, 3/4 of means -1 and 0.6 (in [-1, 1]): 0.2, i.e. 0.6 in [0, 1]
        float mixture = DiscretizedLogistic.mixtureMean(
                        array(manager, new float[] {0f, (float) Math.log(3)}, 2, 1),
                        array(manager, new float[] {-1f, 0.6f}, 2, 1))
                .toFloatArray()[0];
        assertThat((double) mixture).isCloseTo(0.6, within(1e-6));
    }

    @Test
    void aDrawIsTheLevelWhoseBinHoldsTheLogisticQuantile() {
        int n = 200;
        float[] mean = uniform(11, n, -1.2, 1.2);
        float[] logScale = uniform(12, n, -4, 0);
        float[] u = uniform(13, n, 0, 1);

        float[] x = DiscretizedLogistic.sample(
                        array(manager, mean, n), array(manager, logScale, n), array(manager, u, n))
                .toFloatArray();

        for (int i = 0; i < n; i++) {
            double clamped = Math.min(Math.max(u[i], 1e-5), 1 - 1e-5);
            double y = mean[i] + Math.exp(logScale[i]) * Math.log(clamped / (1 - clamped));
            double level = Math.rint(Math.min(Math.max((y + 1) / 2, 0), 1) * 255);
            assertThat((double) x[i] * 255).as("draw %d", i).isCloseTo(level, within(1e-3));
        }
        // the median of a logistic is its mean: u = 1/2 gives μ's level
        float median = DiscretizedLogistic.sample(manager.create(0.2f), manager.create(-1f), manager.create(0.5f))
                .toFloatArray()[0];
        assertThat(median * 255).isCloseTo(Math.round(0.6f * 255), within(1e-3f));
    }

    @Test
    void mixtureDrawsFollowTheMixtureProbabilities() {
        int draws = 50_000;
        // three components: a sharp one at −0.5, a wide one at 0.6, one beyond +1 that puts its mass on level 255
        float[] w = {0f, 1f, -0.5f};
        float[] mu = {-0.5f, 0.6f, 1.3f};
        float[] logS = {(float) Math.log(0.03), (float) Math.log(0.1), (float) Math.log(0.05)};
        NDArray weightLogits = array(manager, w, 1, 3, 1);
        NDArray mean = array(manager, mu, 1, 3, 1);
        NDArray logScale = array(manager, logS, 1, 3, 1);
        Engines.seed(7);
        NDArray componentUniform = manager.randomUniform(0f, 1f, new Shape(draws, 3, 1));
        NDArray u = manager.randomUniform(0f, 1f, new Shape(draws, 1));

        float[] x = DiscretizedLogistic.mixtureSample(
                        weightLogits.broadcast(draws, 3, 1),
                        mean.broadcast(draws, 3, 1),
                        logScale.broadcast(draws, 3, 1),
                        componentUniform,
                        u)
                .toFloatArray();
        float[] p = DiscretizedLogistic.mixtureLogProbPerFeature(
                        allLevels(), weightLogits.reshape(1, 3, 1), mean.reshape(1, 3, 1), logScale.reshape(1, 3, 1))
                .exp()
                .toFloatArray();

        double[] frequency = new double[LEVELS];
        for (float v : x) {
            double level = v * 255.0;
            assertThat(level).isCloseTo(Math.rint(level), within(1e-3));
            frequency[(int) Math.rint(level)] += 1.0 / draws;
        }
        double totalVariation = 0;
        for (int level = 0; level < LEVELS; level++) {
            totalVariation += Math.abs(frequency[level] - p[level]) / 2;
        }
        assertThat(totalVariation).isLessThan(0.05);
        // the component beyond +1: softmax weight e^−0.5 / (1 + e + e^−0.5), nearly all of it at level 255
        assertThat(frequency[255]).isCloseTo(p[255], within(0.01)).isGreaterThan(0.1);
    }
}
