package dev.vaekit.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The mean and covariance of a set of feature rows, in double precision: the Gaussian that the Fréchet distance
 * ({@link FrechetDistance}) fits to each set.
 *
 * @param mean μ, length d
 * @param covariance Σ, d × d, row-major; symmetric
 * @param count n, the rows it was estimated from (0 for a Gaussian given directly)
 */
public record GaussianMoments(double[] mean, double[] covariance, int count) {

    /** Relative asymmetry tolerated in a covariance given directly. */
    private static final double SYMMETRY_TOLERANCE = 1e-9;

    /** Checks the shapes and copies the arrays. */
    public GaussianMoments {
        if (mean == null || covariance == null || mean.length == 0) {
            throw new IllegalArgumentException("a mean of at least one value and a covariance are required");
        }
        if (covariance.length != mean.length * mean.length) {
            throw new IllegalArgumentException("a mean of " + mean.length + " values needs a covariance of "
                    + mean.length * mean.length + " values (d × d), got " + covariance.length);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        mean = mean.clone();
        covariance = covariance.clone();
    }

    /** @return d, the features per row */
    public int dim() {
        return mean.length;
    }

    /**
     * A Gaussian given by its parameters.
     *
     * @param mean μ
     * @param covariance Σ as d rows of d values; symmetric
     * @return the moments, with count 0
     * @throws IllegalArgumentException if the shapes disagree or Σ is not symmetric
     */
    public static GaussianMoments of(double[] mean, double[][] covariance) {
        int d = mean.length;
        if (covariance.length != d) {
            throw new IllegalArgumentException(
                    "a mean of " + d + " values needs " + d + " covariance rows, got " + covariance.length);
        }
        double[] flat = new double[d * d];
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) {
                throw new IllegalArgumentException(
                        "covariance row " + i + " has " + covariance[i].length + " values, expected " + d);
            }
            System.arraycopy(covariance[i], 0, flat, i * d, d);
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double a = flat[i * d + j];
                double b = flat[j * d + i];
                if (Math.abs(a - b) > SYMMETRY_TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
                    throw new IllegalArgumentException("the covariance is not symmetric: [" + i + "][" + j + "] = " + a
                            + ", [" + j + "][" + i + "] = " + b);
                }
            }
        }
        return new GaussianMoments(mean, flat, 0);
    }

    /**
     * The sample mean and the sample covariance (divisor n − 1, as numpy's {@code cov} that FID implementations use)
     * of rows of features, accumulated in double precision.
     *
     * @param rows n × d values, row-major
     * @param dim d
     * @return the moments
     * @throws IllegalArgumentException if there are fewer than 2 rows or the values are not whole rows
     */
    public static GaussianMoments of(float[] rows, int dim) {
        if (dim < 1 || rows.length % dim != 0) {
            throw new IllegalArgumentException(rows.length + " values are not whole rows of " + dim);
        }
        int n = rows.length / dim;
        if (n < 2) {
            throw new IllegalArgumentException("a covariance needs at least 2 rows, got " + n);
        }
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += rows[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        DMatrixRMaj centred = new DMatrixRMaj(n, dim);
        double[] c = centred.getData();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                c[i * dim + j] = rows[i * dim + j] - mean[j];
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(dim, dim);
        CommonOps_DDRM.multTransA(centred, centred, covariance); // (X − m)ᵀ(X − m)
        CommonOps_DDRM.divide(covariance, n - 1);
        double[] s = covariance.getData();
        for (int i = 0; i < dim; i++) { // exactly symmetric, whatever order the product summed in
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (s[i * dim + j] + s[j * dim + i]);
                s[i * dim + j] = v;
                s[j * dim + i] = v;
            }
        }
        return new GaussianMoments(mean, s, n);
    }
}
