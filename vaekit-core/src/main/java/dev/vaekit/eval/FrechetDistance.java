package dev.vaekit.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians N(μ₁, Σ₁) and N(μ₂, Σ₂), the squared 2-Wasserstein distance between
 * them (Dowson &amp; Landau 1982):
 *
 * <pre>
 * d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2})
 * </pre>
 *
 * <p>Fitted to the features of real and generated images, it is Heusel et al.'s (2017, "GANs trained by a two
 * time-scale update rule converge to a local Nash equilibrium", §3) Fréchet Inception Distance when the features are
 * Inception-v3's pool layer; here the features are whatever the caller gives.
 *
 * <p>Σ₁Σ₂ is not symmetric, and a general matrix square root of it (what {@code scipy.linalg.sqrtm} computes) can come
 * out complex or inaccurate when the covariances are singular. Its trace is computed instead from a symmetric matrix
 * with the same eigenvalues: Σ₁Σ₂ = Σ₁^{1/2} (Σ₁^{1/2} Σ₂), which is similar to M = Σ₁^{1/2} Σ₂ Σ₁^{1/2}, symmetric and
 * positive semi-definite, so Tr (Σ₁Σ₂)^{1/2} = Σᵢ √λᵢ(M). Both square roots come from symmetric eigendecompositions
 * (EJML) in double precision, eigenvalues that rounding makes slightly negative are taken as 0, and the result is real
 * and stable for singular covariances (features that never vary, fewer rows than features).
 *
 * @param value d², the distance; never negative
 * @param meanTerm ‖μ₁ − μ₂‖²
 * @param covarianceTerm Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^{1/2}), itself the squared distance between the centred Gaussians
 */
public record FrechetDistance(double value, double meanTerm, double covarianceTerm) {

    /**
     * @param a the first Gaussian (e.g. the real images' features)
     * @param b the second (e.g. the generated images' features)
     * @return the Fréchet distance between them
     * @throws IllegalArgumentException if their dimensions differ
     */
    public static FrechetDistance between(GaussianMoments a, GaussianMoments b) {
        int d = a.dim();
        if (b.dim() != d) {
            throw new IllegalArgumentException("Gaussians of " + d + " and " + b.dim() + " dimensions");
        }
        double meanTerm = 0;
        for (int j = 0; j < d; j++) {
            double diff = a.mean()[j] - b.mean()[j];
            meanTerm += diff * diff;
        }
        DMatrixRMaj sa = DMatrixRMaj.wrap(d, d, a.covariance().clone());
        DMatrixRMaj sb = DMatrixRMaj.wrap(d, d, b.covariance().clone());
        DMatrixRMaj root = symmetricSqrt(sa);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root, sb, tmp);
        CommonOps_DDRM.mult(tmp, root, m); // Σ₁^{1/2} Σ₂ Σ₁^{1/2}
        double traceRoot = 0;
        for (double lambda : symmetricEigenvalues(m)) {
            traceRoot += Math.sqrt(Math.max(0, lambda));
        }
        double covarianceTerm = CommonOps_DDRM.trace(sa) + CommonOps_DDRM.trace(sb) - 2 * traceRoot;
        // both terms are squared distances, ≥ 0; rounding can leave −1e-13 where they are 0
        covarianceTerm = Math.max(0, covarianceTerm);
        return new FrechetDistance(meanTerm + covarianceTerm, meanTerm, covarianceTerm);
    }

    /**
     * The Fréchet distance between the Gaussians fitted to two sets of rows ({@link GaussianMoments#of(float[], int)}).
     *
     * @param a n₁ × d values, row-major, n₁ ≥ 2
     * @param b n₂ × d values, row-major, n₂ ≥ 2
     * @param dim d
     * @return the distance
     */
    public static FrechetDistance of(float[] a, float[] b, int dim) {
        return between(GaussianMoments.of(a, dim), GaussianMoments.of(b, dim));
    }

    /**
     * @param s a symmetric positive semi-definite matrix V diag(λ) Vᵀ (not modified)
     * @return its symmetric square root V diag(√max(λ, 0)) Vᵀ
     */
    static DMatrixRMaj symmetricSqrt(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s, true);
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        double[] r = root.getData();
        for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
            double w = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            if (w == 0) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                double vi = w * v.get(i);
                for (int j = 0; j < d; j++) {
                    r[i * d + j] += vi * v.get(j);
                }
            }
        }
        return root;
    }

    /** @return the eigenvalues of a symmetric matrix (not modified; symmetrised before it is decomposed) */
    static double[] symmetricEigenvalues(DMatrixRMaj s) {
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(s, false);
        double[] values = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).getReal();
        }
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj s, boolean vectors) {
        int d = s.numRows;
        DMatrixRMaj symmetric = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                symmetric.set(i, j, 0.5 * (s.get(i, j) + s.get(j, i)));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, vectors, true);
        if (!eig.decompose(symmetric)) {
            throw new IllegalStateException("the symmetric eigendecomposition of a " + d + " × " + d
                    + " matrix did not converge (does it hold a NaN or an infinity?)");
        }
        return eig;
    }
}
