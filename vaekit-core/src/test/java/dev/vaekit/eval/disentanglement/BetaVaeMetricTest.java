package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BetaVaeMetricTest {

    @Test
    void theIdentityIsAlwaysRight() {
        MetricResult r = new BetaVaeMetric().compute(Codes.DATA, Codes.identity(), 0);
        // the shared factor's dimension differs by 0 in every pair, the others do not: separable
        assertThat(r.score("trainAccuracy")).isEqualTo(1.0);
        assertThat(r.score("evalAccuracy")).isEqualTo(1.0);
    }

    @Test
    void aRotationScoresLowerAndNoiseAtChance() {
        double rotated =
                new BetaVaeMetric().compute(Codes.DATA, Codes.rotated(3), 1).score("evalAccuracy");
        double noise =
                new BetaVaeMetric().compute(Codes.DATA, Codes.noise(4), 1).score("evalAccuracy");
        assertThat(rotated).isLessThan(0.95);
        assertThat(noise).isCloseTo(0.2, within(0.04));
        assertThat(rotated).isGreaterThan(noise + 0.1);
    }

    @Test
    void theSameSeedGivesTheSameScores() {
        BetaVaeMetric metric = new BetaVaeMetric(new BetaVaeMetric.Settings(32, 1000, 500, 1));
        MetricResult a = metric.compute(Codes.DATA, Codes.rotated(3), 9);
        assertThat(metric.compute(Codes.DATA, Codes.rotated(3), 9).scores()).isEqualTo(a.scores());
        assertThat(metric.compute(Codes.DATA, Codes.rotated(3), 10).scores()).isNotEqualTo(a.scores());
    }

    @Test
    void defaultsAreDisentanglementLibs() {
        assertThat(BetaVaeMetric.Settings.defaults()).isEqualTo(new BetaVaeMetric.Settings(64, 10_000, 5_000, 1));
    }
}
