package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.Fixtures;
import org.junit.jupiter.api.Test;

class CodeStatisticsTest {

    @Test
    void meanAndStandardDeviationPerDimension() {
        // two dimensions: (1, 3, 5) and (0, 0, 6)
        CodeStatistics s = CodeStatistics.of(new LatentCodes(new float[] {1, 0, 3, 0, 5, 6}, 2, null));

        assertThat(s.mean()).containsExactly(3, 2);
        assertThat(s.std()[0]).isCloseTo(2, within(1e-12)); // sample variance (4 + 0 + 4) / 2
        assertThat(s.std()[1]).isCloseTo(Math.sqrt(12), within(1e-12)); // (4 + 4 + 16) / 2
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.meanAbsMean()).isEqualTo(2.5);
        assertThat(s.minStd()).isCloseTo(2, within(1e-12));
        assertThat(s.maxStd()).isCloseTo(Math.sqrt(12), within(1e-12));
        assertThat(s.medianStd()).isCloseTo((2 + Math.sqrt(12)) / 2, within(1e-12));
    }

    @Test
    void theKlOfTheFitIsTheClosedForm() {
        CodeStatistics s = new CodeStatistics(new double[] {0, 2}, new double[] {1, 0.5}, 10);

        // ½ [(1 + 0 − 1 − 0) + (0.25 + 4 − 1 − log 0.25)]
        assertThat(s.klToStandardNormal()).isCloseTo(0.5 * (3.25 + Math.log(4)), within(1e-12));
        assertThat(new CodeStatistics(new double[] {0, 0}, new double[] {1, 1}, 10).klToStandardNormal())
                .isZero();
    }

    @Test
    void drawsOfTheStandardNormalFitItClosely() {
        int n = 20_000;
        CodeStatistics s = CodeStatistics.of(new LatentCodes(Fixtures.normal(1, n * 4), 4, null));

        assertThat(s.meanAbsMean()).isLessThan(0.03);
        assertThat(s.minStd()).isGreaterThan(0.97);
        assertThat(s.maxStd()).isLessThan(1.03);
        assertThat(s.klToStandardNormal()).isLessThan(0.01);
    }

    @Test
    void scaledCodesAreFarFromTheStandardNormal() {
        float[] z = Fixtures.normal(2, 4000);
        for (int i = 0; i < z.length; i++) {
            z[i] = 5 * z[i] + 3;
        }
        CodeStatistics s = CodeStatistics.of(new LatentCodes(z, 2, null));

        // per dimension ½ (25 + 9 − 1 − log 25) ≈ 14.9
        assertThat(s.klToStandardNormal()).isCloseTo(2 * 0.5 * (33 - Math.log(25)), within(1.5));
    }

    @Test
    void needsTwoCodes() {
        assertThatThrownBy(() -> CodeStatistics.of(new LatentCodes(new float[] {1, 2}, 2, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 codes");
    }
}
