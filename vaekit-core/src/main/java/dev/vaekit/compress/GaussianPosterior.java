package dev.vaekit.compress;

/**
 * The posterior q(z|x) = N(μ, diag exp(logVar)) of one example, as the encoder returned it (vaekit's {@link
 * dev.vaekit.distributions.DiagonalGaussian}). The arrays are the caller's and are not copied.
 *
 * @param mean μ, one per latent coordinate
 * @param logVariance log σ², one per latent coordinate
 */
public record GaussianPosterior(double[] mean, double[] logVariance) {
    /** @throws IllegalArgumentException if the arrays differ in length */
    public GaussianPosterior {
        if (mean.length != logVariance.length) {
            throw new IllegalArgumentException("a posterior needs as many log-variances as means, got "
                    + logVariance.length + " and " + mean.length);
        }
    }

    /** @return a posterior from float32 outputs (widened exactly) */
    public static GaussianPosterior of(float[] mean, float[] logVariance) {
        double[] m = new double[mean.length];
        double[] v = new double[logVariance.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = mean[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = logVariance[i];
        }
        return new GaussianPosterior(m, v);
    }
}
