package dev.vaekit.latent;

/**
 * Paths between two latent codes a and b, for t from 0 (a) to 1 (b).
 *
 * <p>Linear: (1 − t)·a + t·b. Spherical (slerp, Shoemake 1985; suggested for VAE latents by White 2016, "Sampling
 * generative networks"): sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with Ω the angle between a and b. Under a
 * N(0, I) prior most of the mass lies near a sphere, and the straight line between two codes passes closer to the
 * origin than typical codes do; slerp follows the arc instead. When sin Ω is (nearly) zero — a and b (anti)parallel,
 * or one of them zero — the angle gives no plane to turn in and slerp falls back to the linear path.
 */
public final class Interpolation {
    /** Below this sin Ω, slerp is replaced by the linear path. */
    static final double MIN_SIN_ANGLE = 1e-6;

    private Interpolation() {}

    /**
     * @param a start code
     * @param b end code, as long as a
     * @param t position, 0 gives a and 1 gives b
     * @return (1 − t)·a + t·b
     */
    public static float[] linear(float[] a, float[] b, double t) {
        checkLengths(a, b);
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) ((1 - t) * a[i] + t * b[i]);
        }
        return out;
    }

    /**
     * @param a start code
     * @param b end code, as long as a
     * @param t position, 0 gives a and 1 gives b
     * @return sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b, or the linear path when sin Ω is nearly 0
     */
    public static float[] spherical(float[] a, float[] b, double t) {
        checkLengths(a, b);
        double omega = angle(a, b);
        double sinOmega = Math.sin(omega);
        if (!(sinOmega > MIN_SIN_ANGLE)) {
            return linear(a, b, t);
        }
        double wa = Math.sin((1 - t) * omega) / sinOmega;
        double wb = Math.sin(t * omega) / sinOmega;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /**
     * @return the angle Ω = arccos(a·b / (|a| |b|)) in radians, in [0, π]; 0 when a or b is zero
     */
    public static double angle(float[] a, float[] b) {
        checkLengths(a, b);
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 || nb == 0) {
            return 0;
        }
        return Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb))));
    }

    /**
     * Evenly spaced points of a path, both ends included: t_i = i / (steps − 1).
     *
     * @param a start code
     * @param b end code
     * @param steps number of points, ≥ 2
     * @param spherical slerp instead of the straight line
     * @return {@code steps} codes, row-major
     */
    public static float[] path(float[] a, float[] b, int steps, boolean spherical) {
        if (steps < 2) {
            throw new IllegalArgumentException("a path needs at least 2 steps, got " + steps);
        }
        checkLengths(a, b);
        float[] out = new float[steps * a.length];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            float[] z =
                    i == 0 ? a.clone() : i == steps - 1 ? b.clone() : spherical ? spherical(a, b, t) : linear(a, b, t);
            System.arraycopy(z, 0, out, i * a.length, a.length);
        }
        return out;
    }

    private static void checkLengths(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("codes of different lengths: " + a.length + " and " + b.length);
        }
    }
}
