package dev.vaekit.baselines;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Principal component analysis by the eigendecomposition of the sample covariance (formed as (X − m)ᵀ(X − m)/(n − 1)
 * by the tensor engine's BLAS, then decomposed by EJML's symmetric QR algorithm, all in double precision): the k leading eigenvectors are the axes along which the data vary most, and projecting onto them
 * is the best rank-k linear reconstruction in squared error (Eckart–Young). {@link #encode} gives the k coordinates,
 * {@link #decode} maps them back; {@link #explainedVarianceRatio} and {@link #cumulativeExplainedVarianceRatio} give
 * each component's share of the variance.
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
    private final double[][] axes; // all d unit eigenvectors, leading first
    private final double[] eigenvalues;
    private final int components;
    private final double noiseVariance;

    private Pca(double[] mean, double[][] axes, double[] eigenvalues, int components) {
        this.mean = mean;
        this.axes = axes;
        this.eigenvalues = eigenvalues;
        this.components = components;
        int d = mean.length;
        double discarded = 0;
        for (int r = components; r < d; r++) {
            discarded += eigenvalues[r];
        }
        this.noiseVariance = (components < d ? discarded / (d - components) : 0) + MIN_NOISE_VARIANCE;
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
        // the sample covariance (X − m)ᵀ(X − m)/(n − 1), by the engine's BLAS in double precision
        DMatrixRMaj covariance = DMatrixRMaj.wrap(dim, dim, DoubleMatrices.scatter(rows, dim, mean, null));
        CommonOps_DDRM.divide(covariance, n - 1);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(covariance)) {
            throw new IllegalStateException("the covariance's eigendecomposition did not converge");
        }
        Integer[] order = new Integer[dim];
        double[] values = new double[dim];
        for (int i = 0; i < dim; i++) {
            order[i] = i;
            values[i] = Math.max(0, eig.getEigenvalue(i).getReal());
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        double[] sorted = new double[dim];
        double[][] axes = new double[dim][];
        for (int r = 0; r < dim; r++) {
            sorted[r] = values[order[r]];
            axes[r] = unitWithLargestEntryPositive(eig.getEigenVector(order[r]));
        }
        return new Pca(mean, axes, sorted, components);
    }

    /** An eigenvector with a fixed sign, so that a fit is reproducible: unit length, its largest entry positive. */
    private static double[] unitWithLargestEntryPositive(DMatrixRMaj v) {
        int d = v.getNumElements();
        double[] axis = new double[d];
        int largest = 0;
        double norm = 0;
        for (int j = 0; j < d; j++) {
            axis[j] = v.get(j);
            norm += axis[j] * axis[j];
            if (Math.abs(axis[j]) > Math.abs(axis[largest])) {
                largest = j;
            }
        }
        double scale = (axis[largest] < 0 ? -1 : 1) / Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            axis[j] *= scale;
        }
        return axis;
    }

    /**
     * The same eigendecomposition with another number of kept axes (and so another σ² for probabilistic PCA), without
     * refitting.
     *
     * @param k 1 ≤ k ≤ d
     * @return the fit keeping k axes
     */
    public Pca withComponents(int k) {
        if (k < 1 || k > dim()) {
            throw new IllegalArgumentException("PCA components must be in [1, " + dim() + "], got " + k);
        }
        return new Pca(mean, axes, eigenvalues, k);
    }

    /** @return d */
    public int dim() {
        return mean.length;
    }

    /** @return k */
    public int components() {
        return components;
    }

    /** @return the data mean */
    public double[] mean() {
        return mean.clone();
    }

    /** @return the k unit axes, leading first */
    public double[][] axes() {
        double[][] copy = new double[components][];
        for (int i = 0; i < components; i++) {
            copy[i] = axes[i].clone();
        }
        return copy;
    }

    /** @return all d eigenvalues of the covariance, largest first */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** @return the share of the total variance on the k axes: {@code cumulativeExplainedVarianceRatio()[k − 1]} */
    public double explainedVariance() {
        return cumulativeExplainedVarianceRatio()[components - 1];
    }

    /** @return λ_r / Σ λ for each of the d components, largest first (all 0 for data without spread) */
    public double[] explainedVarianceRatio() {
        double total = Arrays.stream(eigenvalues).sum();
        return Arrays.stream(eigenvalues).map(v -> total > 0 ? v / total : 0).toArray();
    }

    /** @return the share of the variance on the first r + 1 axes, for r = 0 … d − 1 (ending at 1) */
    public double[] cumulativeExplainedVarianceRatio() {
        double total = Arrays.stream(eigenvalues).sum();
        double[] out = new double[eigenvalues.length];
        double kept = 0;
        for (int r = 0; r < out.length; r++) {
            kept += eigenvalues[r];
            out[r] = total > 0 ? kept / total : 1;
        }
        return out;
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
