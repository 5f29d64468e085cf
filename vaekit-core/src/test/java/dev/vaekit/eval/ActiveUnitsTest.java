package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ActiveUnitsTest {

    @Test
    void varianceIsTheUnbiasedSampleVariancePerDimension() {
        double[][] means = {{0, 1, 5}, {0, -1, 5.1}, {0, 1, 4.9}, {0, -1, 5}};

        double[] v = ActiveUnits.variances(means);

        assertThat(v).hasSize(3);
        assertThat(v[0]).isZero();
        assertThat(v[1]).isCloseTo(4.0 / 3, within(1e-12));
        assertThat(v[2]).isCloseTo(0.02 / 3, within(1e-12));
    }

    @Test
    void countsDimensionsAboveTheThreshold() {
        double[][] means = {{0, 1, 5}, {0, -1, 5.1}, {0, 1, 4.9}, {0, -1, 5}};

        assertThat(ActiveUnits.count(means, ActiveUnits.DEFAULT_THRESHOLD)).isEqualTo(1);
        assertThat(ActiveUnits.count(means, 0.001)).isEqualTo(2);
        assertThat(ActiveUnits.count(means, 2)).isZero();
        assertThat(ActiveUnits.DEFAULT_THRESHOLD).isEqualTo(0.01);
    }

    @Test
    void theThresholdIsStrict() {
        // two examples at -1 and 1: variance (1 + 1) / (2 - 1) = 2, exactly
        double[][] means = {{1}, {-1}};

        assertThat(ActiveUnits.variances(means)).containsExactly(2.0);
        assertThat(ActiveUnits.count(means, 2.0)).isZero();
        assertThat(ActiveUnits.count(means, 1.999)).isEqualTo(1);
    }

    @Test
    void collapsedUnitsAreInactive() {
        double[][] means = new double[50][4];
        for (int i = 0; i < 50; i++) {
            means[i][0] = Math.sin(i); // varies with the input
            means[i][1] = 1e-3 * Math.cos(i); // barely moves: collapsed onto the prior
            means[i][2] = 0.7; // constant
            means[i][3] = i % 2 == 0 ? 2 : -2;
        }

        assertThat(ActiveUnits.count(means, ActiveUnits.DEFAULT_THRESHOLD)).isEqualTo(2);
    }

    @Test
    void degenerateInputs() {
        assertThat(ActiveUnits.variances(new double[0][])).isEmpty();
        assertThat(ActiveUnits.count(new double[0][], 0.01)).isZero();
        assertThat(ActiveUnits.variances(new double[][] {{3, 4}})).containsExactly(0, 0);
    }
}
