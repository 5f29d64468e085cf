package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StandardNormalTest {
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

    @Test
    void atTheOriginTheDensityIsTheNormalisingConstant() {
        float[] logP = StandardNormal.logProb(manager.zeros(new Shape(2, 7))).toFloatArray();

        assertThat((double) logP[0]).isCloseTo(-3.5 * LOG_2PI, within(1e-5));
        assertThat(logP[1]).isEqualTo(logP[0]);
    }

    @Test
    void logProbMatchesTheFormula() {
        float[] z = normal(1, 3 * 2 * 5);

        var logP = StandardNormal.logProb(array(manager, z, 3, 2, 5));

        assertThat(logP.getShape()).isEqualTo(new Shape(3, 2));
        float[] v = logP.toFloatArray();
        for (int i = 0; i < 6; i++) {
            double expected = 0;
            for (int j = 0; j < 5; j++) {
                double zz = z[i * 5 + j];
                expected += -0.5 * (zz * zz + LOG_2PI);
            }
            assertThat((double) v[i]).isCloseTo(expected, within(1e-5 * (1 + Math.abs(expected))));
        }
    }

    @Test
    void equalsTheGaussianWithZeroMeanAndUnitVariance() {
        float[] z = normal(2, 4 * 3);

        float[] a = StandardNormal.logProb(array(manager, z, 4, 3)).toFloatArray();
        float[] b = Gaussian.logProb(
                        array(manager, z, 4, 3), manager.zeros(new Shape(4, 3)), manager.zeros(new Shape(1)))
                .toFloatArray();

        for (int i = 0; i < 4; i++) {
            assertThat(a[i]).isCloseTo(b[i], within(1e-5f));
        }
    }
}
