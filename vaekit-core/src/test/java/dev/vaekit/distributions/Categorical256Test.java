package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 256-way softmax per pixel of van den Oord et al. 2016 (PixelRNN, section 2.2): log-probabilities and mean. */
class Categorical256Test {
    private static final int LEVELS = Categorical256.LEVELS;

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

    /** log softmax(l)_v in double precision, l the column {@code pixel} of a (256, d) row-major array. */
    private static double logSoftmax(float[] logits, int d, int pixel, int level) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < LEVELS; v++) {
            max = Math.max(max, logits[v * d + pixel]);
        }
        double sum = 0;
        for (int v = 0; v < LEVELS; v++) {
            sum += Math.exp(logits[v * d + pixel] - max);
        }
        return logits[level * d + pixel] - max - Math.log(sum);
    }

    @Test
    void theLogProbabilityIsTheLogSoftmaxOfTheObservedLevel() {
        int d = 4;
        float[] logits = uniform(1, LEVELS * d, -3, 3);
        logits[200 * d + 3] = 900f; // a logit that would overflow exp without the max shift
        // levels 0, 37, 255 and 200; the 37 is off the grid by less than half a level and rounds to 37
        int[] level = {0, 37, 255, 200};
        float[] x = {0f, 37 / 255f + 0.001f, 1f, 200 / 255f};

        float[] got = Categorical256.logProbPerFeature(array(manager, x, 1, d), array(manager, logits, 1, LEVELS, d))
                .toFloatArray();

        assertThat(got).hasSize(d);
        for (int j = 0; j < d; j++) {
            assertThat((double) got[j])
                    .as("pixel %d at level %d", j, level[j])
                    .isCloseTo(logSoftmax(logits, d, j, level[j]), within(1e-4));
        }
        assertThat((double) got[3]).isCloseTo(0, within(1e-6));
    }

    @Test
    void valuesOutsideTheUnitIntervalCountAsTheEdgeLevels() {
        float[] logits = uniform(2, LEVELS, -2, 2);
        NDArray l = array(manager, logits, LEVELS, 1);

        float[] got = Categorical256.logProbPerFeature(array(manager, new float[] {-0.3f, 1.7f}, 2, 1), l)
                .toFloatArray();

        assertThat((double) got[0]).isCloseTo(logSoftmax(logits, 1, 0, 0), within(1e-5));
        assertThat((double) got[1]).isCloseTo(logSoftmax(logits, 1, 0, 255), within(1e-5));
    }

    @Test
    void theProbabilitiesOfAll256LevelsSumToOne() {
        int d = 30;
        // logits of spread 20: some levels far more likely than others
        NDArray logits = array(manager, uniform(3, LEVELS * d, -10, 10), 1, LEVELS, d);
        float[] x = new float[LEVELS * d];
        for (int v = 0; v < LEVELS; v++) {
            for (int j = 0; j < d; j++) {
                x[v * d + j] = v / 255f;
            }
        }

        // row v of x asks every pixel for level v: (256, d) log-probabilities, broadcast against one set of logits
        NDArray logP = Categorical256.logProbPerFeature(array(manager, x, LEVELS, d), logits);
        float[] total = Tensors.logSumExp(logP, 0, false).toFloatArray();

        assertThat(logP.getShape().getShape()).containsExactly(LEVELS, d);
        assertThat(total).hasSize(d);
        for (int j = 0; j < d; j++) {
            assertThat((double) total[j]).as("pixel %d", j).isCloseTo(0, within(1e-5));
        }
    }

    @Test
    void theMeanIsTheExpectedGreyValue() {
        int d = 3;
        float[] logits = uniform(4, LEVELS * d, -4, 4);
        // pixel 2: all mass on level 51 (0.2)
        for (int v = 0; v < LEVELS; v++) {
            logits[v * d + 2] = v == 51 ? 60f : 0f;
        }

        float[] got = Categorical256.mean(array(manager, logits, LEVELS, d)).toFloatArray();

        assertThat(got).hasSize(d);
        for (int j = 0; j < d; j++) {
            double expected = 0;
            for (int v = 0; v < LEVELS; v++) {
                expected += Math.exp(logSoftmax(logits, d, j, v)) * v / 255.0;
            }
            assertThat((double) got[j]).as("pixel %d", j).isCloseTo(expected, within(1e-5));
        }
        assertThat((double) got[2]).isCloseTo(0.2, within(1e-6));
        // equal logits: the mean of 0..255 over 255, one half
        assertThat((double) Categorical256.mean(manager.zeros(new ai.djl.ndarray.types.Shape(LEVELS, 1)))
                        .toFloatArray()[0])
                .isCloseTo(0.5, within(1e-6));
    }

    @Test
    void theGradientIsTheOneHotMinusTheSoftmaxAndFiniteForExtremeLogits() {
        int d = 2;
        float[] logits = uniform(5, LEVELS * d, -1, 1);
        logits[7 * d] = 1e4f; // pixel 0 certain of level 7, observed at level 9
        float[] x = {9 / 255f, 128 / 255f};
        int[] level = {9, 128};
        try (NDScope scope = new NDScope();
                var collector = Engines.engine().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            NDArray l = array(manager, logits, LEVELS, d);
            l.setRequiresGradient(true);
            NDArray logP = Categorical256.logProbPerFeature(array(manager, x, d), l);

            collector.backward(logP.sum());

            float[] gradient = l.getGradient().toFloatArray();
            for (int j = 0; j < d; j++) {
                for (int v = 0; v < LEVELS; v++) {
                    double expected = (v == level[j] ? 1 : 0) - Math.exp(logSoftmax(logits, d, j, v));
                    assertThat((double) gradient[v * d + j])
                            .as("d log P / d l at pixel %d, level %d", j, v)
                            .isCloseTo(expected, within(1e-5));
                }
            }
            assertThat(logP.toFloatArray()[0]).isFinite().isLessThan(-9000f);
        }
    }
}
