package dev.vaekit.distributions;

/**
 * Φ, the cumulative distribution function of the standard normal distribution, in plain Java and reproducible bit
 * for bit on every JVM: only IEEE arithmetic (strict since Java 17) and {@link StrictMath#exp}, with a fixed number
 * of terms, so that an encoder and a decoder on different machines compute the same value.
 *
 * <p>Φ(t) = ½ erfc(−t/√2). With x = |t|/√2:
 *
 * <ul>
 *   <li>x &lt; 2: erf(x) = (2/√π) Σ_{n≥0} (−1)ⁿ x^{2n+1} / (n! (2n+1)), the Maclaurin series (Abramowitz &amp; Stegun
 *       7.1.5), {@value #SERIES_TERMS} terms (the last is below 10⁻²⁰ at x = 2), and Φ = ½(1 ± erf x);
 *   <li>x ≥ 2: erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + …)))), the continued fraction of A&amp;S
 *       7.1.14, evaluated from the inside out at a fixed depth of {@value #FRACTION_DEPTH}, and Φ(t) = ½ erfc(x) for t
 *       &lt; 0, 1 − ½ erfc(x) for t &gt; 0.
 * </ul>
 *
 * The lower tail keeps its relative accuracy (about 10⁻¹³ against a 120-digit reference, see the test) down to
 * where e^{−x²} underflows, near t = −38.
 */
public final class NormalCdf {
    private static final int SERIES_TERMS = 40;
    private static final int FRACTION_DEPTH = 120;
    private static final double SERIES_LIMIT = 2.0;
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double ONE_OVER_SQRT_2 = 0.7071067811865476;

    private NormalCdf() {}

    /**
     * @param t any real number
     * @return Φ(t) = P(Z ≤ t) for Z ~ N(0, 1), in [0, 1]; 0 at −∞ and 1 at +∞
     * @throws IllegalArgumentException if t is NaN
     */
    public static double phi(double t) {
        if (Double.isNaN(t)) {
            throw new IllegalArgumentException("Φ needs a number, got NaN");
        }
        double x = Math.abs(t) * ONE_OVER_SQRT_2;
        if (x < SERIES_LIMIT) {
            double erf = erfSeries(x);
            return t < 0 ? 0.5 * (1 - erf) : 0.5 * (1 + erf);
        }
        double halfErfc = 0.5 * erfcFraction(x);
        return t < 0 ? halfErfc : 1 - halfErfc;
    }

    /** erf(x) for 0 ≤ x &lt; 2 by its Maclaurin series. */
    private static double erfSeries(double x) {
        double minusXSquared = -x * x;
        double power = x; // (−1)ⁿ x^{2n+1} / n!
        double sum = x;
        for (int n = 1; n < SERIES_TERMS; n++) {
            power *= minusXSquared / n;
            sum += power / (2 * n + 1);
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** erfc(x) for x ≥ 2 by its continued fraction, evaluated backwards. */
    private static double erfcFraction(double x) {
        double denominator = x;
        for (int k = FRACTION_DEPTH; k >= 1; k--) {
            denominator = x + (0.5 * k) / denominator;
        }
        return StrictMath.exp(-x * x) * ONE_OVER_SQRT_PI / denominator;
    }
}
