package dev.vaekit.distributions;

/** Special functions that the JDK's {@link Math} lacks, in double precision. */
public final class SpecialFunctions {
    /** Lanczos's coefficients for g = 7, n = 9 (Press et al., Numerical Recipes, 3rd ed., §6.1). */
    private static final double[] LANCZOS = {
        0.99999999999980993,
        676.5203681218851,
        -1259.1392167224028,
        771.32342877765313,
        -176.61502916214059,
        12.507343278686905,
        -0.13857109526572012,
        9.9843695780195716e-6,
        1.5056327351493116e-7
    };

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private SpecialFunctions() {}

    /**
     * log Γ(x) for x &gt; 0 by Lanczos's approximation, Γ(x + 1) = √(2π) (x + g + ½)^(x + ½) e^−(x + g + ½) A_g(x)
     * (Lanczos 1964), with a relative error near 1e-15.
     *
     * @param x a positive argument
     * @return log Γ(x)
     * @throws IllegalArgumentException if x is not positive and finite
     */
    public static double logGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("log Γ(x) needs a positive, finite x, got " + x);
        }
        if (x < 0.5) {
            // reflection Γ(x) Γ(1 − x) = π / sin(πx) keeps the series where it is accurate
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
        }
        double y = x - 1;
        double a = LANCZOS[0];
        double t = y + 7.5;
        for (int i = 1; i < LANCZOS.length; i++) {
            a += LANCZOS[i] / (y + i);
        }
        return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
