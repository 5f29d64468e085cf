package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standard normal and standard logistic bases: closed forms, numerical stability, normalisation, sampling. */
class BaseDistributionsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(31);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void logDensitiesMatchTheirClosedFormsSummedOverFeatures() {
        float[] z = {-3f, -0.5f, 0f, 1.25f, 4f, 0.1f};
        NDArray batch = Fixtures.array(manager, z, 2, 3);
        float[] normal = new StandardNormalBase().logProb(batch).toFloatArray();
        float[] logistic = new StandardLogisticBase().logProb(batch).toFloatArray();
        for (int b = 0; b < 2; b++) {
            double n = 0;
            double l = 0;
            for (int i = 0; i < 3; i++) {
                double v = z[3 * b + i];
                n += -0.5 * v * v - 0.5 * Math.log(2 * Math.PI);
                l += -v - 2 * Math.log1p(Math.exp(-v)); // log e^{−z} / (1 + e^{−z})²
            }
            assertThat((double) normal[b]).as("normal, example %d", b).isCloseTo(n, within(1e-5));
            assertThat((double) logistic[b]).as("logistic, example %d", b).isCloseTo(l, within(1e-5));
        }
    }

    @Test
    void theLogisticLogDensityStaysFiniteAndLinearInItsTails() {
        NDArray z = Fixtures.array(manager, new float[] {-100f, 100f, -1000f, 1000f}, 4, 1);
        float[] got = new StandardLogisticBase().logProb(z).toFloatArray();
        // log p(z) = −|z| − 2 log(1 + e^{−|z|}) → −|z|
        assertThat(got).containsExactly(new float[] {-100f, -100f, -1000f, -1000f}, within(1e-3f));
    }

    @Test
    void eachBaseIntegratesToOneOnALine() {
        int n = 20_001;
        float[] grid = new float[n];
        double step = 80.0 / (n - 1);
        for (int k = 0; k < n; k++) {
            grid[k] = (float) (-40 + k * step);
        }
        NDArray z = Fixtures.array(manager, grid, n, 1);
        for (BaseDistribution base : new BaseDistribution[] {new StandardNormalBase(), new StandardLogisticBase()}) {
            double mass = Fixtures.mass(base.logProb(z).toFloatArray(), step);
            assertThat(mass).as(base.getClass().getSimpleName()).isCloseTo(1.0, within(1e-4));
        }
    }

    @Test
    void samplesHaveTheVarianceOfTheirTemperature() {
        int n = 200_000;
        float t = 0.7f;
        double normal = variance(new StandardNormalBase().sample(manager, new Shape(n, 1), t));
        double logistic = variance(new StandardLogisticBase().sample(manager, new Shape(n, 1), t));
        assertThat(normal).isCloseTo(t * t, within(0.01));
        assertThat(logistic).isCloseTo(t * t * Math.PI * Math.PI / 3, within(0.03)); // π²/3 for the logistic
    }

    private static double variance(NDArray samples) {
        float[] v = samples.toFloatArray();
        double mean = 0;
        for (float x : v) {
            mean += x / (double) v.length;
        }
        double var = 0;
        for (float x : v) {
            var += (x - mean) * (x - mean) / v.length;
        }
        return var;
    }
}
