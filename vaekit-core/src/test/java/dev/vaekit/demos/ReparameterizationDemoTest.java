package dev.vaekit.demos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReparameterizationDemoTest {
    @Test
    void bothEstimatorsAreUnbiasedAndTheReparameterizedOneHasTheSmallerVariance() {
        ReparameterizationDemo.Result r = ReparameterizationDemo.run(1.5, 0.8, 50_000, 7);

        assertThat(r.rows()).hasSize(4);
        for (ReparameterizationDemo.Row row : r.rows()) {
            assertThat(Math.abs(row.mean() - row.truth()))
                    .as(
                            "%s d/d%s: %.4f ± %.4f against %.4f",
                            row.estimator(), row.parameter(), row.mean(), row.stdErr(), row.truth())
                    .isLessThan(4 * row.stdErr());
        }
        // per parameter: reparameterization first, then score function
        assertThat(r.rows().get(0).variance()).isLessThan(r.rows().get(1).variance() / 3);
        assertThat(r.rows().get(2).variance()).isLessThan(r.rows().get(3).variance() / 3);
    }

    @Test
    void theReparameterizedVarianceOfDdMuIsFourSigmaSquared() {
        // d/dmu of z^2 through z = mu + sigma * eps is 2z, whose variance is 4 sigma^2
        ReparameterizationDemo.Row row =
                ReparameterizationDemo.run(0.3, 2.0, 100_000, 3).rows().get(0);

        assertThat(row.variance()).isCloseTo(16.0, org.assertj.core.api.Assertions.within(0.5));
    }
}
