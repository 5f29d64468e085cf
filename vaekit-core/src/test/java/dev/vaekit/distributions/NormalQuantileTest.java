package dev.vaekit.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.Test;

class NormalQuantileTest {
    /** Reference values of Φ⁻¹: Python's statistics.NormalDist().inv_cdf (Wichura's AS 241, double precision). */
    private static final double[][] REFERENCE = {
        {0.5, 0.0},
        {0.975, 1.9599639845400536},
        {0.025, -1.9599639845400538},
        {0.8413447460685429, 1.0},
        {0.9, 1.2815515655446008},
        {0.02, -2.0537489106318225},
        {0.99, 2.3263478740408408},
        {1e-10, -6.361340902404056},
        {0.999999, 4.753424308817089},
        {0.3, -0.5244005127080407},
    };

    @Test
    void matchesReferenceValuesInEveryRegion() {
        for (double[] r : REFERENCE) {
            assertThat(NormalQuantile.phiInverse(r[0]))
                    .as("Φ⁻¹(%s)", r[0])
                    .isCloseTo(r[1], within(2e-9 * Math.max(1, Math.abs(r[1]))));
        }
    }

    @Test
    void isOddAroundOneHalfAndIncreasing() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 1; i < 1000; i++) {
            double p = i / 1000.0;
            double z = NormalQuantile.phiInverse(p);
            assertThat(z).isGreaterThan(previous);
            assertThat(NormalQuantile.phiInverse(1 - p)).isCloseTo(-z, within(1e-8));
            previous = z;
        }
    }

    @Test
    void agreesWithTheEnginesErfinv() {
        double[] p = {0.001, 0.01, 0.02425, 0.1, 0.37, 0.5, 0.8, 0.97575, 0.995};
        double[] twoPMinusOne = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            twoPMinusOne[i] = 2 * p[i] - 1;
        }
        try (NDManager m = Engines.newManager()) {
            // Φ⁻¹(p) = √2 · erfinv(2p − 1), in float64 on the engine
            NDArray viaErfinv = m.create(twoPMinusOne).erfinv().mul(Math.sqrt(2));
            double[] expected = viaErfinv.toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                assertThat(NormalQuantile.phiInverse(p[i])).as("p = %s", p[i]).isCloseTo(expected[i], within(1e-6));
            }
        }
    }

    @Test
    void endsAreInfiniteAndOutsideIsRefused() {
        assertThat(NormalQuantile.phiInverse(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalQuantile.phiInverse(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> NormalQuantile.phiInverse(1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NormalQuantile.phiInverse(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
