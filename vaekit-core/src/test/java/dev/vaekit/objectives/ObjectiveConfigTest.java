package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import org.junit.jupiter.api.Test;

class ObjectiveConfigTest {

    @Test
    void zeroSamplesAreRefused() {
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.B, 0, 1, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("objective.samples must be >= 1, got 0");
    }

    @Test
    void aNegativeOrNonFiniteBetaIsRefused() {
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.B, 1, -0.5, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("objective.beta must be a finite number >= 0, got -0.5");
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.A, 1, Double.NaN, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.beta must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.A, 1, Double.POSITIVE_INFINITY, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.beta");
    }

    @Test
    void iwaeNeedsBetaOne() {
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.IWAE, 5, 0.5, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("objective.beta must be 1 with the iwae estimator, got 0.5");
        assertThat(new ObjectiveConfig(Estimator.IWAE, 5, 1, 0, 0).samples()).isEqualTo(5);
    }

    @Test
    void estimatorAndWarmupAreChecked() {
        assertThatThrownBy(() -> new ObjectiveConfig(null, 1, 1, 0, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.estimator must be set");
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.B, 1, 1, -1, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("objective.warmupEpochs must be >= 0, got -1.0");
    }

    @Test
    void betaZeroIsAllowed() {
        assertThat(new ObjectiveConfig(Estimator.B, 1, 0, 0, 0).klWeight(3)).isZero();
    }

    @Test
    void withoutWarmupTheKlWeightIsBeta() {
        ObjectiveConfig c = new ObjectiveConfig(Estimator.B, 1, 0.7, 0, 0);

        assertThat(c.klWeight(0)).isEqualTo(0.7);
        assertThat(c.klWeight(12.5)).isEqualTo(0.7);
    }

    @Test
    void estimatorNamesParseInAnyCaseAndUnknownOnesListTheChoices() {
        assertThat(Estimator.parse("IWAE")).isEqualTo(Estimator.IWAE);
        assertThat(Estimator.parse(" b ")).isEqualTo(Estimator.B);
        assertThat(Estimator.IWAE.id()).isEqualTo("iwae");
        assertThatThrownBy(() -> Estimator.parse("c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown estimator 'c'; expected one of [a, b, iwae, miwae, ciwae, piwae]");
    }

    @Test
    void klWeightWarmsUpLinearlyToBetaThenStays() {
        ObjectiveConfig c = new ObjectiveConfig(Estimator.B, 1, 2.0, 4, 0);

        assertThat(c.klWeight(0)).isZero();
        assertThat(c.klWeight(1)).isCloseTo(0.5, within(1e-12));
        assertThat(c.klWeight(2.5)).isCloseTo(1.25, within(1e-12));
        assertThat(c.klWeight(4)).isCloseTo(2.0, within(1e-12));
        assertThat(c.klWeight(9)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void freeBitsAreNatsPerDimensionWithEstimatorBOnly() {
        assertThat(new ObjectiveConfig(Estimator.B, 1, 1, 0, 0.25).freeBits()).isEqualTo(0.25);
        assertThat(new ObjectiveConfig(Estimator.IWAE, 5, 1, 0, 0).freeBits()).isZero();
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.B, 1, 1, 0, -0.1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("objective.freeBits must be a finite number of nats >= 0, got -0.1");
        assertThatThrownBy(() -> new ObjectiveConfig(Estimator.B, 1, 1, 0, Double.NaN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("objective.freeBits");
        for (Estimator e : new Estimator[] {Estimator.A, Estimator.IWAE}) {
            assertThatThrownBy(() -> new ObjectiveConfig(e, 5, 1, 0, 0.5))
                    .as(e.id())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("objective.freeBits needs estimator b (the analytic KL per latent dimension), got "
                            + "estimator " + e.id() + " with freeBits 0.5");
        }
    }
}
