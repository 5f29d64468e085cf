package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.Factor;
import org.junit.jupiter.api.Test;

class MigTest {

    /** H(binned v) / H(v) for a uniform factor with evenly spaced values: the identity's gap without sampling */
    private static double discretisationCap(int size, int bins) {
        int[] binned = MutualInformation.histogramBins(Factor.linspace(0, 1, size), bins);
        return MutualInformation.entropy(binned) / Math.log(size);
    }

    @Test
    void theIdentityScoresTheCapThatTwentyBinsLeave() {
        MetricResult r = new Mig().compute(Codes.DATA, Codes.identity(), 0);
        double cap = (discretisationCap(3, 20)
                        + discretisationCap(6, 20)
                        + discretisationCap(40, 20)
                        + discretisationCap(32, 20)
                        + discretisationCap(32, 20))
                / 5;
        // 1, 1, ln 20 / ln 40, and 12 bins of two values and 8 of one for the positions
        assertThat(cap).isCloseTo((2 + Math.log(20) / Math.log(40) + 2 * (2.9459 / Math.log(32))) / 5, within(1e-4));
        // the runner-up's mutual information with an independent code is biased up by about
        // (bins − 1)(classes − 1) / 2n nats (0.037 nats for the orientation): the sample falls slightly short
        assertThat(r.score("mig")).isBetween(cap - 0.015, cap + 0.002);
        assertThat(r.perFactor().get("gap")[0]).isGreaterThan(0.99);
        assertThat(r.perFactor().get("topCode")).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.factors()).containsExactly("shape", "scale", "orientation", "posX", "posY");
    }

    @Test
    void aRotationScoresLowerAndNoiseNearZero() {
        double identity = new Mig().compute(Codes.DATA, Codes.identity(), 1).score("mig");
        double rotated = new Mig().compute(Codes.DATA, Codes.rotated(3), 1).score("mig");
        double noise = new Mig().compute(Codes.DATA, Codes.noise(4), 1).score("mig");
        assertThat(rotated).isLessThan(0.5 * identity);
        assertThat(noise).isBetween(0.0, 0.005);
        assertThat(rotated).isGreaterThan(noise);
    }

    @Test
    void aDuplicatedFactorHasNoGap() {
        MetricResult identity = new Mig().compute(Codes.DATA, Codes.identity(), 2);
        MetricResult duplicated = new Mig().compute(Codes.DATA, Codes.duplicated(), 2);
        // two dimensions know the shape equally well: its gap is 0, the other factors' gaps are unchanged
        assertThat(duplicated.perFactor().get("gap")[0]).isZero();
        for (int k = 1; k < 5; k++) {
            assertThat(duplicated.perFactor().get("gap")[k])
                    .isCloseTo(identity.perFactor().get("gap")[k], within(0.01));
        }
        assertThat(duplicated.score("mig")).isLessThan(identity.score("mig") - 0.15);
    }

    @Test
    void smallCasesHaveClosedForms() {
        // factor 0 with two equally frequent classes; code 0 is the class, code 1 a constant
        int n = 100;
        int[][] classes = new int[n][1];
        double[][] codes = new double[n][2];
        for (int i = 0; i < n; i++) {
            classes[i][0] = i % 2;
            codes[i][0] = 3.5 * (i % 2);
            codes[i][1] = 7;
        }
        Mig.Estimate e = Mig.estimate(new FactorCodes(classes, codes), 20);
        assertThat(e.entropies()[0]).isCloseTo(Math.log(2), within(1e-12));
        assertThat(e.mutualInformation()[0][0]).isCloseTo(Math.log(2), within(1e-12));
        assertThat(e.mutualInformation()[1][0]).isZero();
        assertThat(e.mig()).isCloseTo(1, within(1e-12));
        // with the code halved into its two classes' bins and a second copy, the gap closes
        for (int i = 0; i < n; i++) {
            codes[i][1] = -codes[i][0];
        }
        assertThat(Mig.estimate(new FactorCodes(classes, codes), 20).mig()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameScoreAndAnotherSeedAnotherSample() {
        Mig mig = new Mig(new Mig.Settings(3000, 20));
        double a = mig.compute(Codes.DATA, Codes.rotated(3), 9).score("mig");
        assertThat(mig.compute(Codes.DATA, Codes.rotated(3), 9).score("mig")).isEqualTo(a);
        assertThat(mig.compute(Codes.DATA, Codes.rotated(3), 10).score("mig")).isNotEqualTo(a);
        assertThat(mig.settings()).isEqualTo(new Mig.Settings(3000, 20));
    }

    @Test
    void defaultsAreDisentanglementLibs() {
        assertThat(Mig.Settings.defaults()).isEqualTo(new Mig.Settings(10_000, 20));
        assertThatThrownBy(() -> new Mig.Settings(10_000, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bins");
    }
}
