package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.InvalidInputException;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void constant() {
        assertThat(LrSchedule.CONSTANT.rate(0.01, 0.5, 7, 10)).isEqualTo(0.01);
    }

    @Test
    void cosineFallsFromTheBaseRateTowardsZero() {
        assertThat(LrSchedule.COSINE.rate(0.01, 0.5, 0, 10)).isCloseTo(0.01, within(1e-15));
        assertThat(LrSchedule.COSINE.rate(0.01, 0.5, 5, 10)).isCloseTo(0.005, within(1e-15));
        assertThat(LrSchedule.COSINE.rate(0.01, 0.5, 9, 10))
                .isCloseTo(0.01 * 0.5 * (1 + Math.cos(0.9 * Math.PI)), within(1e-15));
    }

    @Test
    void exponentialDecaysByTheFactorEachEpoch() {
        assertThat(LrSchedule.EXPONENTIAL.rate(0.01, 0.5, 0, 10)).isEqualTo(0.01);
        assertThat(LrSchedule.EXPONENTIAL.rate(0.01, 0.5, 3, 10)).isCloseTo(0.00125, within(1e-15));
    }

    @Test
    void namesParse() {
        assertThat(LrSchedule.parse("Cosine")).isEqualTo(LrSchedule.COSINE);
        assertThat(LrSchedule.EXPONENTIAL.id()).isEqualTo("exponential");
        assertThatThrownBy(() -> LrSchedule.parse("step"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown learning-rate schedule 'step'; expected one of [constant, cosine, exponential]");
    }
}
