package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FactorVaeMetricTest {

    @Test
    void theIdentityIsAlwaysRight() {
        MetricResult r = new FactorVaeMetric().compute(Codes.DATA, Codes.identity(), 0);
        // fixing a factor freezes its own dimension: local variance 0, every vote right
        assertThat(r.score("trainAccuracy")).isEqualTo(1.0);
        assertThat(r.score("evalAccuracy")).isEqualTo(1.0);
        assertThat(r.score("activeDimensions")).isEqualTo(5.0);
    }

    @Test
    void aRotationScoresLowerAndNoiseAtChance() {
        double rotated =
                new FactorVaeMetric().compute(Codes.DATA, Codes.rotated(3), 1).score("evalAccuracy");
        MetricResult noise = new FactorVaeMetric().compute(Codes.DATA, Codes.noise(4), 1);
        assertThat(rotated).isLessThan(0.9);
        // noise votes at random: the majority classifier gets about 1/5 of five factors right
        assertThat(noise.score("evalAccuracy")).isCloseTo(0.2, within(0.05));
        assertThat(rotated).isGreaterThan(noise.score("evalAccuracy") + 0.1);
    }

    @Test
    void collapsedDimensionsAreLeftOut() {
        // the identity beside a constant dimension and one of standard deviation 0.01, both below 0.05
        SplittableRandom random = new SplittableRandom(5);
        RepresentationFunction padded = obs -> {
            float[][] out = new float[obs.length][7];
            for (int i = 0; i < obs.length; i++) {
                out[i][0] = 0.25f;
                out[i][1] = (float) (0.01 * (random.nextDouble() - 0.5) * Math.sqrt(12));
                System.arraycopy(obs[i], 1, out[i], 2, 5);
            }
            return out;
        };
        MetricResult r = new FactorVaeMetric(new FactorVaeMetric.Settings(64, 500, 500, 2000, 0.05))
                .compute(Codes.DATA, padded, 2);
        assertThat(r.score("activeDimensions")).isEqualTo(5.0);
        assertThat(r.score("evalAccuracy")).isEqualTo(1.0);
        // with every dimension collapsed there is nothing to vote
        MetricResult dead = new FactorVaeMetric(new FactorVaeMetric.Settings(64, 100, 100, 500, 0.05))
                .compute(Codes.DATA, obs -> new float[obs.length][3], 2);
        assertThat(dead.score("activeDimensions")).isZero();
        assertThat(dead.score("evalAccuracy")).isZero();
    }

    @Test
    void theSameSeedGivesTheSameScores() {
        FactorVaeMetric metric = new FactorVaeMetric(new FactorVaeMetric.Settings(64, 1000, 500, 2000, 0.05));
        MetricResult a = metric.compute(Codes.DATA, Codes.rotated(3), 9);
        assertThat(metric.compute(Codes.DATA, Codes.rotated(3), 9).scores()).isEqualTo(a.scores());
    }

    @Test
    void defaultsAreDisentanglementLibs() {
        assertThat(FactorVaeMetric.Settings.defaults())
                .isEqualTo(new FactorVaeMetric.Settings(64, 10_000, 5_000, 10_000, 0.05));
    }
}
