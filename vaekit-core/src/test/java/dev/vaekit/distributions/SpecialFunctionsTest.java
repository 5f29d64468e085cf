package dev.vaekit.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** log Γ against exact values, its recurrence and Stirling's series. */
class SpecialFunctionsTest {
    @Test
    void logGammaMatchesExactValues() {
        assertThat(SpecialFunctions.logGamma(1)).isCloseTo(0, within(1e-13));
        assertThat(SpecialFunctions.logGamma(2)).isCloseTo(0, within(1e-13));
        assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(SpecialFunctions.logGamma(1.5)).isCloseTo(Math.log(Math.sqrt(Math.PI) / 2), within(1e-13));
        assertThat(SpecialFunctions.logGamma(11)).isCloseTo(Math.log(3_628_800), within(1e-12));
        // Γ(1/3) = 2.678938534707747..., a value the reflection branch (x < 1/2) computes
        assertThat(SpecialFunctions.logGamma(1.0 / 3)).isCloseTo(Math.log(2.678938534707747), within(1e-12));
    }

    @Test
    void logGammaFollowsItsRecurrenceAndStirlingsSeries() {
        for (double x : new double[] {0.01, 0.3, 2.7, 17, 450.5, 1e5}) {
            assertThat(SpecialFunctions.logGamma(x + 1) - SpecialFunctions.logGamma(x))
                    .as("x = %s", x)
                    .isCloseTo(Math.log(x), within(1e-9 * Math.max(1, Math.abs(Math.log(x)))));
        }
        // log Γ(x) = (x − ½) log x − x + ½ log 2π + 1/(12x) − 1/(360x³) + …
        double x = 892;
        double stirling =
                (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x * x);
        assertThat(SpecialFunctions.logGamma(x)).isCloseTo(stirling, within(1e-9));
    }

    @Test
    void logGammaRefusesNonPositiveArguments() {
        for (double x : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> SpecialFunctions.logGamma(x)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
