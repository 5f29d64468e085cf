package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BernoulliTest {
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

    /** x log sigma(l) + (1 - x) log(1 - sigma(l)), the naive way, in doubles (fine for moderate l). */
    private static double naive(double x, double l) {
        double s = 1 / (1 + Math.exp(-l));
        return x * Math.log(s) + (1 - x) * Math.log(1 - s);
    }

    @Test
    void logProbMatchesTheCrossEntropyFormulaForModerateLogits() {
        int rows = 5;
        int d = 7;
        float[] logits = uniform(1, rows * d, -8, 8);
        float[] x = new float[rows * d];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            // binary rows and, in the last row, grey values (a cross-entropy against probabilities)
            x[i] = i >= (rows - 1) * d ? (float) r.nextDouble() : r.nextInt(2);
        }

        float[] logP = Bernoulli.logProb(array(manager, x, rows, d), array(manager, logits, rows, d))
                .toFloatArray();

        assertThat(logP).hasSize(rows);
        for (int b = 0; b < rows; b++) {
            double expected = 0;
            for (int j = 0; j < d; j++) {
                expected += naive(x[b * d + j], logits[b * d + j]);
            }
            assertThat((double) logP[b]).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
        }
    }

    @Test
    void logProbStaysFiniteAndExactForExtremeLogits() {
        // log sigma(-100) = -100 - log(1 + e^-100) ~ -100 and log(1 - sigma(100)) ~ -100, where log(sigmoid(l))
        // in float32 gives -inf; the two confident correct cases give ~0.
        float[] x = {1, 0, 1, 0};
        float[] logits = {-100, 100, 100, -100};

        float[] perCoordinate = new float[4];
        for (int j = 0; j < 4; j++) {
            perCoordinate[j] = Bernoulli.logProb(
                            array(manager, new float[] {x[j]}, 1, 1), array(manager, new float[] {logits[j]}, 1, 1))
                    .toFloatArray()[0];
        }
        float sum = Bernoulli.logProb(array(manager, x, 1, 4), array(manager, logits, 1, 4))
                .toFloatArray()[0];

        assertThat(perCoordinate[0]).isFinite().isCloseTo(-100f, within(1e-4f));
        assertThat(perCoordinate[1]).isFinite().isCloseTo(-100f, within(1e-4f));
        assertThat(perCoordinate[2]).isFinite().isCloseTo(0f, within(1e-6f));
        assertThat(perCoordinate[3]).isFinite().isCloseTo(0f, within(1e-6f));
        assertThat(sum).isFinite().isCloseTo(-200f, within(1e-3f));
    }

    @Test
    void logProbBroadcastsTheDataOverSamples() {
        float[] x = {1, 0, 1, 1, 0, 0};
        float[] logits = uniform(3, 4 * 2 * 3, -3, 3);

        var logP = Bernoulli.logProb(array(manager, x, 2, 3), array(manager, logits, 4, 2, 3));

        assertThat(logP.getShape()).isEqualTo(new Shape(4, 2));
        float[] v = logP.toFloatArray();
        for (int l = 0; l < 4; l++) {
            for (int b = 0; b < 2; b++) {
                double expected = 0;
                for (int j = 0; j < 3; j++) {
                    expected += naive(x[b * 3 + j], logits[(l * 2 + b) * 3 + j]);
                }
                assertThat((double) v[l * 2 + b]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void logProbAllPairsScoresEveryObservationUnderEveryRowOfLogits() {
        float[] x = {1, 0, 1, 0.25f, 0, 0}; // two observations of 3 values (a fraction too: the formula is linear)
        float[] logits = uniform(4, 5 * 3, -3, 3); // five rows of logits

        var logP = Bernoulli.logProbAllPairs(array(manager, x, 2, 3), array(manager, logits, 5, 3));

        assertThat(logP.getShape()).isEqualTo(new Shape(5, 2));
        float[] v = logP.toFloatArray();
        for (int i = 0; i < 5; i++) {
            for (int n = 0; n < 2; n++) {
                double expected = 0;
                for (int j = 0; j < 3; j++) {
                    expected += naive(x[n * 3 + j], logits[i * 3 + j]);
                }
                assertThat((double) v[i * 2 + n]).as("(%d, %d)", i, n).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void meanIsTheSigmoidOfTheLogits() {
        float[] logits = {-2, 0, 3};

        float[] mean = Bernoulli.mean(array(manager, logits, 3)).toFloatArray();

        for (int j = 0; j < 3; j++) {
            assertThat((double) mean[j]).isCloseTo(1 / (1 + Math.exp(-logits[j])), within(1e-6));
        }
    }

    @Test
    void aDrawIsOneWhereTheUniformFallsBelowTheProbability() {
        // σ(0) = 0.5, σ(2) = 0.881, σ(−2) = 0.119, σ(40) ≈ 1
        NDArray logits = array(manager, new float[] {0f, 0f, 2f, 2f, -2f, -2f, 40f}, 7);
        NDArray u = array(manager, new float[] {0.49f, 0.51f, 0.87f, 0.89f, 0.11f, 0.13f, 0.999f}, 7);

        assertThat(Bernoulli.sample(logits, u).toFloatArray()).containsExactly(1f, 0f, 1f, 0f, 1f, 0f, 1f);
    }
}
