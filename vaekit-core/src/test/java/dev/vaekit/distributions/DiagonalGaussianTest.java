package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.normal;
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

class DiagonalGaussianTest {
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

    /** KL(N(mu, e^lv) || N(0, 1)) of one coordinate, in doubles. */
    private static double kl(double mu, double logVar) {
        return 0.5 * (Math.exp(logVar) + mu * mu - 1 - logVar);
    }

    @Test
    void klOfTheStandardNormalToItselfIsZero() {
        DiagonalGaussian q = new DiagonalGaussian(manager.zeros(new Shape(3, 5)), manager.zeros(new Shape(3, 5)));

        float[] kl = q.klToStandardNormal().toFloatArray();

        assertThat(kl).hasSize(3).containsOnly(0f);
    }

    @Test
    void klIsNonNegativeAndMatchesTheClosedFormOnASeededGrid() {
        // a regular grid plus seeded random points, each coordinate its own one-dimensional Gaussian
        double[] mus = {-3, -1, -0.1, 0, 0.1, 1, 3};
        double[] logVars = {-5, -1, -0.1, 0, 0.1, 1, 5};
        int grid = mus.length * logVars.length;
        int random = 300;
        float[] mu = new float[grid + random];
        float[] lv = new float[grid + random];
        int i = 0;
        for (double m : mus) {
            for (double v : logVars) {
                mu[i] = (float) m;
                lv[i++] = (float) v;
            }
        }
        float[] rm = uniform(11, random, -4, 4);
        float[] rv = uniform(12, random, -6, 6);
        System.arraycopy(rm, 0, mu, grid, random);
        System.arraycopy(rv, 0, lv, grid, random);
        int n = mu.length;
        DiagonalGaussian q = new DiagonalGaussian(array(manager, mu, n, 1), array(manager, lv, n, 1));

        float[] kl = q.klToStandardNormal().toFloatArray();

        assertThat(kl).hasSize(n);
        for (int j = 0; j < n; j++) {
            double expected = kl(mu[j], lv[j]);
            assertThat((double) kl[j]).as("KL at mu=%s logVar=%s", mu[j], lv[j]).isGreaterThanOrEqualTo(0.0);
            assertThat((double) kl[j])
                    .as("KL at mu=%s logVar=%s", mu[j], lv[j])
                    .isCloseTo(expected, within(1e-5 + 1e-5 * expected));
        }
    }

    @Test
    void klSumsOverTheLatentAxis() {
        float[] mu = uniform(21, 4 * 3, -2, 2);
        float[] lv = uniform(22, 4 * 3, -3, 3);
        DiagonalGaussian q = new DiagonalGaussian(array(manager, mu, 4, 3), array(manager, lv, 4, 3));

        float[] kl = q.klToStandardNormal().toFloatArray();

        assertThat(kl).hasSize(4);
        for (int b = 0; b < 4; b++) {
            double expected = 0;
            for (int j = 0; j < 3; j++) {
                expected += kl(mu[b * 3 + j], lv[b * 3 + j]);
            }
            assertThat((double) kl[b]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void sampleIsMeanPlusStandardDeviationTimesNoise() {
        float[] mu = uniform(31, 6, -2, 2);
        float[] lv = uniform(32, 6, -4, 4);
        float[] eps = normal(33, 5 * 6);
        DiagonalGaussian q = new DiagonalGaussian(array(manager, mu, 2, 3), array(manager, lv, 2, 3));

        NDArray z = q.sample(array(manager, eps, 5, 2, 3)); // L = 5 draws of a batch of 2

        assertThat(z.getShape()).isEqualTo(new Shape(5, 2, 3));
        float[] zs = z.toFloatArray();
        for (int l = 0; l < 5; l++) {
            for (int k = 0; k < 6; k++) {
                double expected = mu[k] + Math.exp(lv[k] / 2.0) * eps[l * 6 + k];
                assertThat((double) zs[l * 6 + k]).isCloseTo(expected, within(1e-5 * (1 + Math.abs(expected))));
            }
        }
        assertThat(q.std().toFloatArray()[0]).isCloseTo((float) Math.exp(lv[0] / 2.0), within(1e-6f));
    }

    @Test
    void logProbOfSampleIsTheGaussianDensityOfTheSample() {
        int latent = 4;
        float[] mu = uniform(41, 3 * latent, -3, 3);
        float[] lv = uniform(42, 3 * latent, -4, 2);
        float[] eps = normal(43, 2 * 3 * latent);
        DiagonalGaussian q = new DiagonalGaussian(array(manager, mu, 3, latent), array(manager, lv, 3, latent));
        NDArray e = array(manager, eps, 2, 3, latent);

        float[] logQ = q.logProbOfSample(e).toFloatArray();

        assertThat(q.logProbOfSample(e).getShape()).isEqualTo(new Shape(2, 3));
        for (int l = 0; l < 2; l++) {
            for (int b = 0; b < 3; b++) {
                double expected = 0;
                for (int j = 0; j < latent; j++) {
                    int k = b * latent + j;
                    double sigma = Math.exp(lv[k] / 2.0);
                    double z = mu[k] + sigma * eps[l * 3 * latent + k];
                    // log N(z; mu, sigma^2) from its definition, not from eps
                    expected += -0.5 * LOG_2PI - Math.log(sigma) - (z - mu[k]) * (z - mu[k]) / (2 * sigma * sigma);
                }
                assertThat((double) logQ[l * 3 + b]).isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
            }
        }
    }

    @Test
    void logProbOfSampleAgreesWithGaussianLogProbOfTheSampledPoint() {
        float[] mu = uniform(51, 8, -1, 1);
        float[] lv = uniform(52, 8, -1, 1);
        DiagonalGaussian q = new DiagonalGaussian(array(manager, mu, 2, 4), array(manager, lv, 2, 4));
        NDArray eps = array(manager, normal(53, 8), 2, 4);

        float[] fromEps = q.logProbOfSample(eps).toFloatArray();
        float[] fromZ = Gaussian.logProb(q.sample(eps), q.mean(), q.logVar()).toFloatArray();

        assertThat(fromEps[0]).isCloseTo(fromZ[0], within(1e-4f));
        assertThat(fromEps[1]).isCloseTo(fromZ[1], within(1e-4f));
    }
}
