package dev.vaekit.latent;

import java.util.SplittableRandom;

/**
 * The leading principal axes of a cloud of points, for drawing codes wider than two dimensions on a plane.
 *
 * <p>The axes are the top eigenvectors of the d × d sample covariance, found in Java by power iteration with
 * deflation (the engine has no eigendecomposition): starting from a fixed pseudo-random vector, v ← Cv/‖Cv‖ converges
 * to the eigenvector of the largest eigenvalue at the rate λ₂/λ₁; once it has converged, its direction is projected out
 * (C ← C − λ v vᵀ, and every iterate is kept orthogonal to the axes found so far) and the next one is found the same
 * way. Each iteration costs O(d²), which is nothing for the few hundred latent dimensions of a VAE. An iteration stops
 * when the residual ‖Cv − λv‖ falls below 10⁻¹⁰ of the covariance's scale (then v is an eigenvector to that precision,
 * also when λ is repeated and v merely lies in its eigenspace) or after {@value #MAX_ITERATIONS} iterations. Each axis's
 * sign is fixed so that its largest-magnitude component is positive.
 *
 * @param mean the points' mean, length d
 * @param axes unit axes, the i-th the eigenvector of the i-th largest eigenvalue; each of length d
 * @param variances the eigenvalues: the variance of the points along each axis
 * @param totalVariance the trace of the covariance: the variance summed over all d coordinates
 */
public record PrincipalAxes(double[] mean, double[][] axes, double[] variances, double totalVariance) {
    /** Upper bound on power iterations per axis. */
    public static final int MAX_ITERATIONS = 20_000;

    private static final double TOLERANCE = 1e-10;

    /**
     * @param points row-major points, each {@code dim} wide; at least 2
     * @param dim coordinates per point
     * @param k number of axes wanted, 1 ≤ k ≤ dim
     * @return the k leading axes
     */
    public static PrincipalAxes fit(float[] points, int dim, int k) {
        if (dim < 1 || points.length % dim != 0) {
            throw new IllegalArgumentException(points.length + " values is not a whole number of points of " + dim);
        }
        int n = points.length / dim;
        if (n < 2) {
            throw new IllegalArgumentException("principal axes need at least 2 points, got " + n);
        }
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                mean[j] += points[i * dim + j];
            }
        }
        for (int j = 0; j < dim; j++) {
            mean[j] /= n;
        }
        double[][] cov = new double[dim][dim];
        double[] centred = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                centred[j] = points[i * dim + j] - mean[j];
            }
            for (int a = 0; a < dim; a++) {
                for (int b = a; b < dim; b++) {
                    cov[a][b] += centred[a] * centred[b];
                }
            }
        }
        double trace = 0;
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                cov[a][b] /= n - 1;
                cov[b][a] = cov[a][b];
            }
            trace += cov[a][a];
        }
        EigenPair[] pairs = topEigenpairs(cov, k);
        double[][] axes = new double[k][];
        double[] variances = new double[k];
        for (int i = 0; i < k; i++) {
            axes[i] = pairs[i].vector();
            variances[i] = pairs[i].value();
        }
        return new PrincipalAxes(mean, axes, variances, trace);
    }

    /**
     * An eigenvalue and its unit eigenvector.
     *
     * @param value λ
     * @param vector v with ‖v‖ = 1 and Cv = λv
     */
    public record EigenPair(double value, double[] vector) {}

    /**
     * The k largest eigenpairs of a symmetric positive semi-definite matrix, by power iteration with deflation.
     *
     * @param symmetric a d × d symmetric positive semi-definite matrix (a covariance); not modified
     * @param k number of pairs, 1 ≤ k ≤ d
     * @return the pairs, largest eigenvalue first
     */
    public static EigenPair[] topEigenpairs(double[][] symmetric, int k) {
        int d = symmetric.length;
        if (k < 1 || k > d) {
            throw new IllegalArgumentException("k must be in [1, " + d + "], got " + k);
        }
        double[][] c = new double[d][];
        double scale = 0;
        for (int i = 0; i < d; i++) {
            if (symmetric[i].length != d) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has " + symmetric[i].length);
            }
            c[i] = symmetric[i].clone();
            for (double v : c[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        SplittableRandom random = new SplittableRandom(20140101L);
        EigenPair[] pairs = new EigenPair[k];
        for (int p = 0; p < k; p++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = random.nextDouble() - 0.5;
            }
            orthogonalise(v, pairs, p);
            if (!normalise(v)) {
                v = unitOrthogonalTo(pairs, p, d);
            }
            double lambda;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double[] w = multiply(c, v);
                lambda = dot(v, w);
                double residual = 0;
                for (int i = 0; i < d; i++) {
                    double r = w[i] - lambda * v[i];
                    residual += r * r;
                }
                if (Math.sqrt(residual) <= TOLERANCE * Math.max(scale, Double.MIN_NORMAL)) {
                    break;
                }
                orthogonalise(w, pairs, p);
                if (!normalise(w)) {
                    break; // Cv = 0 within the remaining subspace: v is an eigenvector of eigenvalue 0
                }
                v = w;
            }
            lambda = dot(v, multiply(c, v));
            fixSign(v);
            pairs[p] = new EigenPair(Math.max(0, lambda), v);
            // deflation: C ← C − λ v vᵀ removes the found direction from what the next iteration sees
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] -= lambda * v[i] * v[j];
                }
            }
        }
        return pairs;
    }

    /**
     * Coordinates of points along the axes.
     *
     * @param points row-major points, each as wide as {@link #mean()}
     * @return {@code result[a][i]}: point i's coordinate along axis a, its mean subtracted
     */
    public double[][] project(float[] points) {
        int dim = mean.length;
        int n = points.length / dim;
        double[][] out = new double[axes.length][n];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < axes.length; a++) {
                double s = 0;
                for (int j = 0; j < dim; j++) {
                    s += (points[i * dim + j] - mean[j]) * axes[a][j];
                }
                out[a][i] = s;
            }
        }
        return out;
    }

    /**
     * @param axis axis index
     * @return the fraction of the total variance along that axis, in [0, 1] (0 if the points do not vary)
     */
    public double explainedFraction(int axis) {
        return totalVariance > 0 ? variances[axis] / totalVariance : 0;
    }

    private static double[] multiply(double[][] c, double[] v) {
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = dot(c[i], v);
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Gram–Schmidt against the first {@code count} vectors found, so rounding cannot bring them back. */
    private static void orthogonalise(double[] v, EigenPair[] found, int count) {
        for (int q = 0; q < count; q++) {
            double[] u = found[q].vector();
            double s = dot(v, u);
            for (int i = 0; i < v.length; i++) {
                v[i] -= s * u[i];
            }
        }
    }

    /** @return false if v is (numerically) zero, and leaves it unchanged then */
    private static boolean normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (!(norm > 1e-300)) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return true;
    }

    /** A unit vector orthogonal to the vectors found so far: the first basis vector that survives Gram–Schmidt. */
    private static double[] unitOrthogonalTo(EigenPair[] found, int count, int d) {
        for (int e = 0; e < d; e++) {
            double[] v = new double[d];
            v[e] = 1;
            orthogonalise(v, found, count);
            if (Math.sqrt(dot(v, v)) > 1e-6 && normalise(v)) {
                return v;
            }
        }
        throw new IllegalStateException("no direction left orthogonal to " + count + " axes in " + d + " dimensions");
    }

    private static void fixSign(double[] v) {
        int largest = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[largest])) {
                largest = i;
            }
        }
        if (v[largest] < 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
    }
}
