package dev.vaekit.latent;

import java.util.Arrays;

/**
 * How a set of codes is spread, dimension by dimension, against the standard normal N(0, I) that a VAE's prior
 * asks for: the mean m_j and standard deviation s_j of each dimension, and the KL divergence from the diagonal
 * Gaussian fitted to them to N(0, I),
 *
 * <pre>
 *   KL(N(m, diag s²) ‖ N(0, I)) = ½ Σ_j (s_j² + m_j² − 1 − log s_j²),
 * </pre>
 *
 * in nats (0 when every m_j = 0 and s_j = 1). It says whether decoding draws of N(0, I) visits the region where the
 * codes of real data lie: a VAE's aggregate posterior is pulled towards N(0, I); a plain autoencoder's codes are not.
 *
 * @param mean m_j per dimension
 * @param std s_j per dimension (sample standard deviation, n − 1 in the denominator)
 * @param n number of codes
 */
public record CodeStatistics(double[] mean, double[] std, int n) {

    /**
     * @param codes at least two codes
     * @return their per-dimension mean and standard deviation
     */
    public static CodeStatistics of(LatentCodes codes) {
        int n = codes.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 codes for a standard deviation, got " + n);
        }
        int d = codes.latentDim();
        float[] v = codes.values();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += v[i * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[] variance = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = v[i * d + j] - mean[j];
                variance[j] += c * c;
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(variance[j] / (n - 1));
        }
        return new CodeStatistics(mean, std, n);
    }

    /** @return ½ Σ_j (s_j² + m_j² − 1 − log s_j²), in nats; infinite if some dimension does not vary */
    public double klToStandardNormal() {
        double kl = 0;
        for (int j = 0; j < mean.length; j++) {
            double s2 = std[j] * std[j];
            kl += s2 + mean[j] * mean[j] - 1 - Math.log(s2);
        }
        return kl / 2;
    }

    /** @return the mean over dimensions of |m_j| */
    public double meanAbsMean() {
        return Arrays.stream(mean).map(Math::abs).average().orElse(Double.NaN);
    }

    /** @return the smallest s_j */
    public double minStd() {
        return Arrays.stream(std).min().orElse(Double.NaN);
    }

    /** @return the median of the s_j */
    public double medianStd() {
        double[] s = std.clone();
        Arrays.sort(s);
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    }

    /** @return the largest s_j */
    public double maxStd() {
        return Arrays.stream(std).max().orElse(Double.NaN);
    }
}
