package dev.vaekit.eval;

/**
 * Burda et al.'s (2015, §5.2) active units: dimension u is active when A_u = Cov_x(E_{q(u|x)}[u]) exceeds a threshold,
 * i.e. when its posterior mean moves with the input. Inactive units have collapsed onto the prior.
 */
public final class ActiveUnits {
    /** The threshold of the paper. */
    public static final double DEFAULT_THRESHOLD = 0.01;

    private ActiveUnits() {}

    /**
     * @param posteriorMeans E_q[z] per example, n × latent
     * @param threshold activity threshold
     * @return the number of dimensions whose variance over the examples exceeds it
     */
    public static int count(double[][] posteriorMeans, double threshold) {
        double[] variances = variances(posteriorMeans);
        int active = 0;
        for (double v : variances) {
            if (v > threshold) {
                active++;
            }
        }
        return active;
    }

    /** @return per-dimension variance of the posterior means over the examples */
    public static double[] variances(double[][] posteriorMeans) {
        int n = posteriorMeans.length;
        if (n == 0) {
            return new double[0];
        }
        int latent = posteriorMeans[0].length;
        double[] mean = new double[latent];
        for (double[] row : posteriorMeans) {
            for (int j = 0; j < latent; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[] variance = new double[latent];
        for (double[] row : posteriorMeans) {
            for (int j = 0; j < latent; j++) {
                variance[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / Math.max(1, n - 1);
            }
        }
        return variance;
    }
}
