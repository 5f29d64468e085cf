package dev.vaekit.demos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.objectives.Estimator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatorVarianceDemoTest {
    @Test
    void estimatorBGivesTheEncoderALessNoisyGradientAndMoreSamplesLessNoiseForBoth() {
        EstimatorVarianceDemo.Result r = EstimatorVarianceDemo.run(2, 50, 40, new int[] {1, 5}, 3);
        List<EstimatorVarianceDemo.Row> rows = r.rows();

        assertThat(rows)
                .extracting(EstimatorVarianceDemo.Row::estimator)
                .containsExactly(Estimator.A, Estimator.B, Estimator.A, Estimator.B);
        for (int i = 0; i < rows.size(); i += 2) {
            assertThat(rows.get(i + 1).gradientVariance())
                    .as("L = %d: gradient variance of B against A", rows.get(i).samples())
                    .isLessThan(rows.get(i).gradientVariance());
            // the same model and batch: both estimate the same ELBO
            assertThat(rows.get(i + 1).elboMean())
                    .isCloseTo(
                            rows.get(i).elboMean(),
                            org.assertj.core.api.Assertions.within(4
                                    * Math.sqrt((rows.get(i).elboVariance()
                                                    + rows.get(i + 1).elboVariance())
                                            / 40)));
        }
        for (int e = 0; e < 2; e++) {
            assertThat(rows.get(2 + e).gradientVariance())
                    .isLessThan(rows.get(e).gradientVariance() / 2);
            assertThat(rows.get(2 + e).elboVariance()).isLessThan(rows.get(e).elboVariance() / 2);
        }
    }
}
