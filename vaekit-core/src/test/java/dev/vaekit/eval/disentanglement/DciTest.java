package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DciTest {

    private static final Dci SMALL =
            new Dci(new Dci.Settings(2000, 1000, new GradientBoostedTrees.Settings(20, 3, 0.1)));

    @Test
    void aDiagonalImportanceMatrixIsPerfectAndAUniformOneWorthless() {
        double[][] diagonal = {{0.7, 0, 0}, {0, 0.2, 0}, {0, 0, 0.1}};
        Dci.Parts d = Dci.fromImportance(diagonal);
        assertThat(d.disentanglement()).isCloseTo(1, within(1e-8));
        assertThat(d.completeness()).isCloseTo(1, within(1e-8));
        double[][] uniform = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        Dci.Parts u = Dci.fromImportance(uniform);
        assertThat(u.disentanglement()).isCloseTo(0, within(1e-8));
        assertThat(u.completeness()).isCloseTo(0, within(1e-8));
    }

    @Test
    void partialMatricesHaveTheirEntropiesClosedForms() {
        // code 0 splits evenly over factors 0 and 1 of K = 4: D_0 = 1 − log_4 2 = ½; code 1 serves factor 2 alone,
        // code 2 nothing. Factor 0 draws on code 0 only (C = 1), factor 3 on nothing (uniform: C = 0).
        double[][] r = {{0.5, 0.5, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}};
        Dci.Parts p = Dci.fromImportance(r);
        assertThat(p.perCode()[0]).isCloseTo(0.5, within(1e-8));
        assertThat(p.perCode()[1]).isCloseTo(1, within(1e-8));
        assertThat(p.perCode()[2]).isCloseTo(0, within(1e-8));
        // weights ρ = (½, ½, 0)
        assertThat(p.disentanglement()).isCloseTo(0.75, within(1e-8));
        assertThat(p.perFactor()[0]).isCloseTo(1, within(1e-8));
        assertThat(p.perFactor()[3]).isCloseTo(0, within(1e-8));
        // a factor shared by two of three codes: C = 1 − log_3 2
        double[][] shared = {{1}, {1}, {0}};
        assertThat(Dci.fromImportance(shared).perFactor()[0]).isCloseTo(1 - Math.log(2) / Math.log(3), within(1e-8));
    }

    @Test
    void theIdentityIsPerfectWithTheDefaultSettings() {
        MetricResult r = new Dci().compute(Codes.DATA, Codes.identity(), 0);
        assertThat(r.score("disentanglement")).isGreaterThan(0.99);
        assertThat(r.score("completeness")).isGreaterThan(0.99);
        assertThat(r.score("informativenessTrain")).isGreaterThan(0.99);
        assertThat(r.score("informativenessTest")).isGreaterThan(0.99);
    }

    @Test
    void aRotationScoresLowerAndNoiseNearZero() {
        MetricResult rotated = SMALL.compute(Codes.DATA, Codes.rotated(3), 1);
        MetricResult noise = SMALL.compute(Codes.DATA, Codes.noise(4), 1);
        assertThat(rotated.score("disentanglement")).isLessThan(0.4);
        assertThat(rotated.score("completeness")).isLessThan(0.4);
        assertThat(noise.score("disentanglement")).isLessThan(0.05);
        assertThat(noise.score("completeness")).isLessThan(0.05);
        // held-out accuracy on noise is chance: about the mean of 1/3, 1/6, 1/40, 1/32, 1/32
        assertThat(noise.score("informativenessTest")).isLessThan(0.2);
        assertThat(rotated.score("disentanglement")).isGreaterThan(noise.score("disentanglement"));
    }

    @Test
    void aDuplicatedFactorLowersCompleteness() {
        MetricResult identity = SMALL.compute(Codes.DATA, Codes.identity(), 2);
        MetricResult duplicated = SMALL.compute(Codes.DATA, Codes.duplicated(), 2);
        // the trees share the shape between its two equal dimensions: C_shape near 1 − log_6 2 ≈ 0.61
        double shape = duplicated.perFactor().get("completeness")[0];
        assertThat(shape).isBetween(0.55, 0.8);
        assertThat(duplicated.score("completeness")).isLessThan(identity.score("completeness") - 0.03);
        // each dimension still serves one factor
        assertThat(duplicated.score("disentanglement")).isGreaterThan(0.95);
    }

    @Test
    void theSameSeedGivesTheSameScores() {
        MetricResult a = SMALL.compute(Codes.DATA, Codes.rotated(3), 9);
        MetricResult b = SMALL.compute(Codes.DATA, Codes.rotated(3), 9);
        assertThat(b.scores()).isEqualTo(a.scores());
    }
}
