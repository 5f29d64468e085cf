package dev.vaekit.baselines;

/**
 * Each feature's mean and sample standard deviation (divisor n − 1), in double precision. A feature with no spread
 * gets a standard deviation of 1, so that dividing by it is harmless.
 *
 * @param mean m_j
 * @param sd s_j
 */
public record FeatureMoments(double[] mean, double[] sd) {
    /**
     * @param rows n × d, row-major
     * @param dim d
     * @return the moments of the rows
     */
    public static FeatureMoments of(float[] rows, int dim) {
        int n = rows.length / dim;
        double[] mean = new double[dim];
        double[] sd = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += rows[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                double c = rows[i * dim + j] - mean[j];
                sd[j] += c * c;
            }
        }
        for (int j = 0; j < dim; j++) {
            sd[j] = n > 1 ? Math.sqrt(sd[j] / (n - 1)) : 0;
            if (!(sd[j] > 0)) {
                sd[j] = 1;
            }
        }
        return new FeatureMoments(mean, sd);
    }

    /** @return (x_j − m_j) / s_j for every value of the rows */
    public float[] standardise(float[] rows) {
        int d = mean.length;
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (float) ((rows[i] - mean[i % d]) / sd[i % d]);
        }
        return out;
    }

    /** @return m_j + s_j y_j for every value of standardised rows: the inverse of {@link #standardise} */
    public float[] unstandardise(float[] rows) {
        int d = mean.length;
        float[] out = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (float) (mean[i % d] + sd[i % d] * rows[i]);
        }
        return out;
    }

    /** @return Σ_j log s_j, the log-determinant of the map x ↦ (x − m) / s's inverse */
    public double logScale() {
        double total = 0;
        for (double s : sd) {
            total += Math.log(s);
        }
        return total;
    }
}
