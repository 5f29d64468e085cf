package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GaussianTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

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

    private static double logDensity(double x, double mean, double logVar) {
        return -0.5 * (LOG_2PI + logVar + (x - mean) * (x - mean) / Math.exp(logVar));
    }

    @Test
    void log2PiConstant() {
        assertThat(Gaussian.LOG_2PI).isEqualTo(Math.log(2 * Math.PI));
    }

    @Test
    void logProbMatchesTheFormulaWithPerCoordinateVariances() {
        int rows = 3;
        int d = 5;
        float[] x = uniform(1, rows * d, -2, 2);
        float[] mean = uniform(2, rows * d, -2, 2);
        float[] logVar = uniform(3, rows * d, -3, 2);

        float[] logP = Gaussian.logProb(
                        array(manager, x, rows, d), array(manager, mean, rows, d), array(manager, logVar, rows, d))
                .toFloatArray();

        assertThat(logP).hasSize(rows);
        for (int b = 0; b < rows; b++) {
            double expected = 0;
            for (int j = 0; j < d; j++) {
                int k = b * d + j;
                expected += logDensity(x[k], mean[k], logVar[k]);
            }
            assertThat((double) logP[b]).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
        }
    }

    @Test
    void aSharedLogVarianceIsCountedOncePerCoordinate() {
        int rows = 2;
        int d = 6;
        float[] x = uniform(4, rows * d, -1, 1);
        float[] mean = uniform(5, rows * d, -1, 1);
        float shared = -1.3f;
        float[] full = new float[rows * d];
        java.util.Arrays.fill(full, shared);

        float[] withShared = Gaussian.logProb(
                        array(manager, x, rows, d),
                        array(manager, mean, rows, d),
                        array(manager, new float[] {shared}, 1))
                .toFloatArray();
        float[] withFull = Gaussian.logProb(
                        array(manager, x, rows, d), array(manager, mean, rows, d), array(manager, full, rows, d))
                .toFloatArray();

        for (int b = 0; b < rows; b++) {
            double expected = -0.5 * d * (LOG_2PI + shared);
            for (int j = 0; j < d; j++) {
                double diff = x[b * d + j] - mean[b * d + j];
                expected -= 0.5 * diff * diff / Math.exp(shared);
            }
            assertThat((double) withShared[b]).isCloseTo(expected, within(1e-4));
            assertThat(withShared[b]).isCloseTo(withFull[b], within(1e-5f));
        }
    }

    @Test
    void fixedSigmaMatchesTheFormulaAndTheLogVarianceForm() {
        int rows = 3;
        int d = 4;
        double sigma = 0.3;
        float[] x = uniform(6, rows * d, 0, 1);
        float[] mean = uniform(7, rows * d, 0, 1);
        float[] logVar = new float[rows * d];
        java.util.Arrays.fill(logVar, (float) (2 * Math.log(sigma)));

        float[] fixed = Gaussian.logProbFixedSigma(array(manager, x, rows, d), array(manager, mean, rows, d), sigma)
                .toFloatArray();
        float[] general = Gaussian.logProb(
                        array(manager, x, rows, d), array(manager, mean, rows, d), array(manager, logVar, rows, d))
                .toFloatArray();

        for (int b = 0; b < rows; b++) {
            double expected = -d * Math.log(sigma) - 0.5 * d * LOG_2PI;
            for (int j = 0; j < d; j++) {
                double diff = x[b * d + j] - mean[b * d + j];
                expected -= diff * diff / (2 * sigma * sigma);
            }
            assertThat((double) fixed[b]).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
            assertThat(fixed[b]).isCloseTo(general[b], within(1e-3f));
        }
    }

    @Test
    void theDataBroadcastsAgainstMeansOfSeveralSamples() {
        float[] x = uniform(8, 2 * 3, 0, 1);
        float[] mean = uniform(9, 4 * 2 * 3, 0, 1);

        var logP = Gaussian.logProbFixedSigma(array(manager, x, 2, 3), array(manager, mean, 4, 2, 3), 0.5);

        assertThat(logP.getShape()).isEqualTo(new Shape(4, 2));
        float[] v = logP.toFloatArray();
        double expected = -3 * Math.log(0.5) - 1.5 * LOG_2PI;
        for (int j = 0; j < 3; j++) {
            double diff = x[3 + j] - mean[(3 * 2 + 1) * 3 + j]; // sample 3, example 1
            expected -= diff * diff / (2 * 0.25);
        }
        assertThat((double) v[3 * 2 + 1]).isCloseTo(expected, within(1e-4));
    }

    @Test
    void aDrawIsTheMeanPlusSigmaTimesTheNoise() {
        NDArray mean = array(manager, new float[] {0f, 1f, -2f}, 3);
        NDArray noise = array(manager, new float[] {1f, -0.5f, 2f}, 3);

        float[] shared = Gaussian.sample(mean, manager.create((float) Math.log(0.5)), noise)
                .toFloatArray();
        float[] perCoordinate = Gaussian.sample(
                        mean, array(manager, new float[] {0f, (float) Math.log(2), (float) Math.log(0.1)}, 3), noise)
                .toFloatArray();

        assertThat(shared).containsExactly(new float[] {0.5f, 0.75f, -1f}, within(1e-6f));
        assertThat(perCoordinate).containsExactly(new float[] {1f, 0f, -1.8f}, within(1e-6f));
    }
}
