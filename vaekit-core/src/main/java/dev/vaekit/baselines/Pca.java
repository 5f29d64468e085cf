package dev.vaekit.baselines;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal component analysis by the eigendecomposition of the sample covariance (EJML's symmetric QR algorithm, in
 * double precision): the k leading eigenvectors are the axes along which the data vary most, and projecting onto them
 * is the best rank-k linear reconstruction in squared error (Eckart–Young). {@link #encode} gives the k coordinates,
 * {@link #decode} maps them back.
 *
 * <p>It is also a density model, probabilistic PCA (Tipping &amp; Bishop 1999, eq. 7–8): x = W z + m + ε with
 * z ~ N(0, I_k), ε ~ N(0, σ² I_d), whose maximum-likelihood fit has W = U_k (Λ_k − σ² I)^{1/2} and σ² the mean of the
 * d − k discarded eigenvalues, so that x ~ N(m, C) with C = W Wᵀ + σ² I. {@link #logDensity} evaluates it through the
 * eigenvectors: with c = x − m and p_i = u_iᵀ c,
 *
 * <pre>
 *   log p(x) = −½ [d log 2π + Σ_{i≤k} log λ_i + (d − k) log σ² + Σ_{i≤k} p_i²/λ_i + (‖c‖² − Σ_{i≤k} p_i²)/σ²].
 * </pre>
 */
public final class Pca {
    /** Added to σ² so that data in an exact subspace keep a finite density. */
    public static final double MIN_NOISE_VARIANCE = 1e-6;

    private final double[] mean;
    private final double[][] axes;
    private final double[] eigenvalues;
    private final double noiseVariance;

    private Pca(double[] mean, double[][] axes, double[] eigenvalues, double noiseVariance) {
        this.mean = mean;
        this.axes = axes;
        this.eigenvalues = eigenvalues;
        this.noiseVariance = noiseVariance;
    }

    /**
     * Fits the mean and the k leading axes.
     *
     * @param rows row-major data, n × d, n ≥ 2
     * @param dim d
     * @param components k, 1 ≤ k ≤ d
     * @return the fit
     */
    public static Pca fit(float[] rows, int dim, int components) {
        int n = rows.length / dim;
        if (n < 2 || components < 1 || components > dim) {
            throw new IllegalArgumentException(
                    "PCA needs >= 2 rows and 1 <= k <= d = " + dim + ", got " + n + " rows and k = " + components);
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
        // the covariance's upper triangle, accumulated row by row in double precision
        double[] cov = new double[dim * dim];
        double[] c = new double[dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                c[j] = rows[i * dim + j] - mean[j];
            }
            for (int a = 0; a < dim; a++) {
                double ca = c[a];
                if (ca == 0) {
                    continue;
                }
                int offset = a * dim;
                for (int b = a; b < dim; b++) {
                    cov[offset + b] += ca * c[b];
                }
            }
        }
        DMatrixRMaj matrix = new DMatrixRMaj(dim, dim);
        for (int a = 0; a < dim; a++) {
            for (int b = a; b < dim; b++) {
                double v = cov[a * dim + b] / (n - 1);
                matrix.set(a, b, v);
                matrix.set(b, a, v);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(matrix)) {
            throw new IllegalStateException("the covariance's eigendecomposition did not converge");
        }
        Integer[] order = new Integer[dim];
        double[] values = new double[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
            values[i] = Math.max(0, eig.getEigenvalue(i).getReal());
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[] sorted = new double[dim];
        double[][] axes = new double[components][];
        for (int r = 0; r < dim; r++) {
            sorted[r] = values[order[r]];
            if (r < components) {
                DMatrixRMaj v = eig.getEigenVector(order[r]);
                double[] axis = new double[dim];
                int largest = 0;
                for (int j = 0; j < dim; j++) {
                    axis[j] = v.get(j);
                    if (Math.abs(axis[j]) > Math.abs(axis[largest])) {
                        largest = j;
                    }
                }
                double sign = axis[largest] < 0 ? -1 : 1; // a fixed sign: the largest entry positive
                double norm = 0;
                for (double a : axis) {
                    norm += a * a;
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < dim; j++) {
                    axis[j] *= sign / norm;
                }
                axes[r] = axis;
            }
        }
        double discarded = 0;
        for (int r = components; r < dim; r++) {
            discarded += sorted[r];
        }
        double noise = (components < dim ? discarded / (dim - components) : 0) + MIN_NOISE_VARIANCE;
        return new Pca(mean, axes, sorted, noise);
    }

    /** @return d */
    public int dim() {
        return mean.length;
    }

    /** @return k */
    public int components() {
        return axes.length;
    }

    /** @return the data mean */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the k unit axes, leading first */
    public double[][] axes() {
        double[][] copy = new double[axes.length][];
        for (int i = 0; i < axes.length; i++) {
            copy[i] = axes[i].clone();
        }
        return copy;
    }

    /** @return all d eigenvalues of the covariance, largest first */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** @return the share of the total variance on the k axes */
    public double explainedVariance() {
        double kept = 0;
        double total = 0;
        for (int r = 0; r < eigenvalues.length; r++) {
            total += eigenvalues[r];
            if (r < axes.length) {
                kept += eigenvalues[r];
            }
        }
        return total > 0 ? kept / total : 1;
    }

    /** @return σ² of probabilistic PCA: the mean discarded eigenvalue, plus {@link #MIN_NOISE_VARIANCE} */
    public double noiseVariance() {
        return noiseVariance;
    }

    /**
     * @param rows n × d
     * @return the n × k coordinates u_iᵀ(x − m)
     */
    public float[] encode(float[] rows) {
        int d = dim();
        int n = rows.length / d;
        int k = components();
        float[] out = new float[n * k];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < k; r++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += (rows[i * d + j] - mean[j]) * axes[r][j];
                }
                out[i * k + r] = (float) p;
            }
        }
        return out;
    }

    /**
     * @param coordinates n × k
     * @return the n × d points m + Σ_i p_i u_i
     */
    public float[] decode(float[] coordinates) {
        int d = dim();
        int k = components();
        int n = coordinates.length / k;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = mean[j];
                for (int r = 0; r < k; r++) {
                    v += coordinates[i * k + r] * axes[r][j];
                }
                out[i * d + j] = (float) v;
            }
        }
        return out;
    }

    /**
     * @param rows n × d
     * @return log p(x) of each row under probabilistic PCA, in nats
     */
    public double[] logDensity(float[] rows) {
        int d = dim();
        int n = rows.length / d;
        int k = components();
        double logDet = (d - k) * Math.log(noiseVariance);
        for (int r = 0; r < k; r++) {
            logDet += Math.log(Math.max(eigenvalues[r], noiseVariance));
        }
        double[] out = new double[n];
        double[] c = new double[d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                c[j] = rows[i * d + j] - mean[j];
                norm += c[j] * c[j];
            }
            double mahalanobis = 0;
            double projected = 0;
            for (int r = 0; r < k; r++) {
                double p = 0;
                for (int j = 0; j < d; j++) {
                    p += c[j] * axes[r][j];
                }
                projected += p * p;
                mahalanobis += p * p / Math.max(eigenvalues[r], noiseVariance);
            }
            mahalanobis += Math.max(0, norm - projected) / noiseVariance;
            out[i] = -0.5 * (d * Math.log(2 * Math.PI) + logDet + mahalanobis);
        }
        return out;
    }
}
