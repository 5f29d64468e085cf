package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ManifoldGridTest {
    @Test
    void quantilesAreEvenlySpacedInProbabilityAndSymmetric() {
        double[] q = ManifoldGrid.quantiles(20);

        assertThat(q).hasSize(20);
        assertThat(q[0]).isCloseTo(-1.959963984540054, within(1e-8)); // Φ⁻¹(0.5/20) = Φ⁻¹(0.025)
        assertThat(q[19]).isCloseTo(1.959963984540054, within(1e-8));
        for (int i = 0; i < 20; i++) {
            assertThat(q[i]).isCloseTo(-q[19 - i], within(1e-9));
        }
        assertThat(ManifoldGrid.quantiles(1)).containsExactly(0.0);
        assertThat(ManifoldGrid.quantiles(3)[1]).isCloseTo(0, within(1e-12));
    }

    @Test
    void columnsGrowZ0ToTheRightAndRowsGrowZ1Upwards() {
        int g = 4;
        double[] q = ManifoldGrid.quantiles(g);

        float[] z = ManifoldGrid.codes(g);

        assertThat(z).hasSize(g * g * 2);
        for (int r = 0; r < g; r++) {
            for (int c = 0; c < g; c++) {
                int k = (r * g + c) * 2;
                assertThat((double) z[k]).isCloseTo(q[c], within(1e-6));
                assertThat((double) z[k + 1]).isCloseTo(q[g - 1 - r], within(1e-6));
            }
        }
        // top-left: smallest z0, largest z1
        assertThat(z[0]).isNegative();
        assertThat(z[1]).isPositive();
    }
}
