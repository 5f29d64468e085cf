package dev.vaekit.demos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ElboGapDemoTest {
    @Test
    void theImportanceSampledBoundRisesWithKFromTheElbo() {
        ElboGapDemo.Result r = ElboGapDemo.run(3, 60, new int[] {1, 50, 500}, 5);

        assertThat(r.rows()).hasSize(3);
        double k1 = r.rows().get(0).logPx();
        double k50 = r.rows().get(1).logPx();
        double k500 = r.rows().get(2).logPx();
        assertThat(k50).isGreaterThan(k1);
        assertThat(k500).isGreaterThanOrEqualTo(k50 - 0.05);
        // at k = 1 the estimate is a one-sample ELBO (estimator A): close to the analytic-KL ELBO
        assertThat(k1).isCloseTo(r.elbo(), within(1.5));
        assertThat(k500).isGreaterThan(r.elbo());
    }
}
