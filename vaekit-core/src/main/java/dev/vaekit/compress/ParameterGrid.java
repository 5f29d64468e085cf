package dev.vaekit.compress;

/**
 * The rule that turns a model's outputs into the numbers the codecs see, so that an encoder and a decoder build the
 * same frequencies from them: every parameter v (a posterior mean or log-variance, a logit, a mixture weight, mean or
 * log-scale) becomes
 *
 * <pre>
 *   q(v) = rint(clamp(v, −2¹⁵, 2¹⁵) · 2ᴳ) / 2ᴳ
 * </pre>
 *
 * a multiple of 2⁻ᴳ (ties to even), exact in double precision for G ≤ 30. A float32 output widens to double exactly,
 * so q(v) depends only on the bits the model returned; from there every codec computes in IEEE double arithmetic
 * (strict on every JVM since Java 17) and {@link StrictMath}, so equal grid values give equal frequencies on every
 * machine. The grid does not make a model's evaluation reproducible: two evaluations that differ in the last bit can
 * still round to different grid points (with a probability of about their difference divided by 2⁻ᴳ), so the model
 * must be evaluated the same way on both sides (one example at a time, the same thread count), and a decoder that
 * nevertheless diverges is caught by the final check of {@link BbAnsDecoder}, never returned as output.
 *
 * @param bits G, in [0, {@value #MAX_BITS}]
 */
public record ParameterGrid(int bits) {
    /** The finest grid. */
    public static final int MAX_BITS = 30;

    /** Parameters are clamped to [−RANGE, RANGE] before rounding. */
    public static final double RANGE = 32768;

    /** @throws IllegalArgumentException if G is out of range */
    public ParameterGrid {
        if (bits < 0 || bits > MAX_BITS) {
            throw new IllegalArgumentException("parameterGridBits must be in [0, " + MAX_BITS + "], got " + bits);
        }
    }

    /**
     * @param value a model output
     * @return q(value)
     * @throws IllegalArgumentException if the value is NaN or infinite
     */
    public double round(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("the model returned a non-finite parameter: " + value);
        }
        double clamped = Math.max(-RANGE, Math.min(RANGE, value));
        return Math.scalb(Math.rint(Math.scalb(clamped, bits)), -bits);
    }

    /** @return q applied to each value, in a new array */
    public double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = round(values[i]);
        }
        return out;
    }
}
