package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SapScoreTest {

    private static final SapScore SMALL = new SapScore(new SapScore.Settings(2000, 1000, 0.01));

    @Test
    void aBinaryFactorCodedInOneDimensionHasAGapOfOneHalf() {
        // dimension 0 is the class, dimension 1 noise: accuracies 1 and about ½ (balanced classes)
        SplittableRandom random = new SplittableRandom(1);
        FactorCodes train = binary(2000, random);
        FactorCodes test = binary(1000, random);
        SapScore.Estimate e = SapScore.estimate(train, test, 0.01, 0);
        assertThat(e.accuracies()[0][0]).isEqualTo(1.0);
        assertThat(e.accuracies()[1][0]).isCloseTo(0.5, within(0.06));
        assertThat(e.sap()).isCloseTo(0.5, within(0.06));
    }

    private static FactorCodes binary(int n, SplittableRandom random) {
        int[][] classes = new int[n][1];
        double[][] codes = new double[n][2];
        for (int i = 0; i < n; i++) {
            classes[i][0] = random.nextInt(2);
            codes[i][0] = classes[i][0];
            codes[i][1] = random.nextDouble();
        }
        return new FactorCodes(classes, codes);
    }

    @Test
    void theIdentityScoresAboveARotationAndNoiseNearZero() {
        MetricResult identity = new SapScore().compute(Codes.DATA, Codes.identity(), 0);
        double rotated = SMALL.compute(Codes.DATA, Codes.rotated(3), 0).score("sap");
        double noise = SMALL.compute(Codes.DATA, Codes.noise(4), 0).score("sap");
        // one-dimensional linear classifiers separate few of many classes: the identity's best accuracy on the
        // 3-class shape is 1 but its score is far below 1 on the 32- and 40-class factors
        assertThat(identity.perFactor().get("bestAccuracy")[0]).isEqualTo(1.0);
        assertThat(identity.perFactor().get("gap")[0]).isGreaterThan(0.6);
        assertThat(identity.score("sap")).isGreaterThan(0.15);
        assertThat(rotated).isLessThan(0.5 * identity.score("sap"));
        assertThat(noise).isBetween(0.0, 0.01);
    }

    @Test
    void aDuplicatedFactorHasNoGap() {
        MetricResult duplicated = SMALL.compute(Codes.DATA, Codes.duplicated(), 5);
        MetricResult identity = SMALL.compute(Codes.DATA, Codes.identity(), 5);
        assertThat(duplicated.perFactor().get("gap")[0]).isCloseTo(0, within(0.005));
        assertThat(duplicated.score("sap")).isLessThan(identity.score("sap") - 0.1);
    }

    @Test
    void theSameSeedGivesTheSameScore() {
        double a = SMALL.compute(Codes.DATA, Codes.rotated(3), 9).score("sap");
        assertThat(SMALL.compute(Codes.DATA, Codes.rotated(3), 9).score("sap")).isEqualTo(a);
    }

    @Test
    void defaultsAreDisentanglementLibs() {
        assertThat(SapScore.Settings.defaults()).isEqualTo(new SapScore.Settings(10_000, 5_000, 0.01));
        assertThatThrownBy(() -> new SapScore.Settings(10_000, 5_000, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("svmC");
    }
}
