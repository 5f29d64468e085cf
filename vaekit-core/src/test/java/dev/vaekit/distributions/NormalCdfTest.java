package dev.vaekit.distributions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

class NormalCdfTest {
    private static final MathContext MC = new MathContext(140);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798");

    /**
     * Φ(t) for t ≤ 0 as ½(1 − erf(|t|/√2)), erf by its Maclaurin series in 140-digit decimals: the series' largest
     * term at t = −10 is about e^{50} ≈ 10²², so 140 digits leave more than 90 after the cancellation.
     */
    private static double reference(double t) {
        BigDecimal x = new BigDecimal(-t).divide(BigDecimal.valueOf(2).sqrt(MC), MC);
        BigDecimal minusXSquared = x.multiply(x, MC).negate();
        BigDecimal power = x;
        BigDecimal sum = x;
        for (int n = 1; n < 3000; n++) {
            power = power.multiply(minusXSquared, MC).divide(BigDecimal.valueOf(n), MC);
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (n > 10 && term.abs().compareTo(new BigDecimal("1e-135")) < 0) {
                break;
            }
        }
        BigDecimal erf = sum.multiply(BigDecimal.valueOf(2), MC).divide(PI.sqrt(MC), MC);
        return BigDecimal.ONE
                .subtract(erf, MC)
                .multiply(new BigDecimal("0.5"), MC)
                .doubleValue();
    }

    @Test
    void lowerTailHasTheRelativeAccuracyOfAHighPrecisionReference() {
        for (double t = -10; t <= 0; t += 0.0731) {
            double expected = reference(t);
            assertThat(NormalCdf.phi(t)).as("Φ(%s)", t).isCloseTo(expected, within(2e-13 * expected));
        }
    }

    @Test
    void upperHalfIsOneMinusTheLowerTail() {
        for (double t = 0; t <= 10; t += 0.0731) {
            assertThat(NormalCdf.phi(t)).as("Φ(%s)", t).isCloseTo(1 - reference(-t), within(5e-16));
            assertThat(NormalCdf.phi(t) + NormalCdf.phi(-t)).isCloseTo(1.0, within(5e-16));
        }
    }

    @Test
    void invertsNormalQuantileToItsAccuracy() {
        // Acklam's relative error in x, 1.15e-9, becomes about (1 + x²) times that in p in the tails (Mills' ratio)
        for (double p : new double[] {1e-12, 1e-6, 0.001, 0.02425, 0.2, 0.5, 0.77, 0.97575, 0.999999}) {
            double x = NormalQuantile.phiInverse(p);
            double tail = Math.min(p, 1 - p);
            assertThat(NormalCdf.phi(x)).as("p = %s", p).isCloseTo(p, within(1.2e-9 * (1 + x * x) * tail));
        }
    }

    @Test
    void isMonotoneOnAFineGridAndHasTheRightEnds() {
        double previous = 0;
        for (int i = -400_000; i <= 400_000; i++) {
            double value = NormalCdf.phi(i * 1e-4);
            assertThat(value).as("Φ(%s)", i * 1e-4).isGreaterThanOrEqualTo(previous);
            previous = value;
        }
        assertThat(NormalCdf.phi(0)).isEqualTo(0.5);
        assertThat(NormalCdf.phi(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
        assertThat(NormalCdf.phi(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
        assertThat(NormalCdf.phi(-37)).isPositive(); // still no underflow
        assertThatThrownBy(() -> NormalCdf.phi(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void derivativeIsTheDensity() {
        double h = 1e-5;
        for (double t = -6; t <= 6; t += 0.37) {
            double density = Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
            double slope = (NormalCdf.phi(t + h) - NormalCdf.phi(t - h)) / (2 * h);
            assertThat(slope).as("t = %s", t).isCloseTo(density, within(1e-9));
        }
    }
}
