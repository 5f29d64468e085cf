package dev.vaekit.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class PcaTest {
    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** n points in d = 6 dimensions: a 2-D plane spanned by a and b, scaled 3 and 1.5, plus noise 0.01, offset m. */
    private static float[] planted(int n, double[] a, double[] b, double[] m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 6];
        for (int i = 0; i < n; i++) {
            double s = 3 * gaussian(r);
            double t = 1.5 * gaussian(r);
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) (m[j] + s * a[j] + t * b[j] + 0.01 * gaussian(r));
            }
        }
        return x;
    }

    private static final double[] A = normalised(new double[] {1, 2, 0, -1, 0, 1});
    private static final double[] B = orthogonalTo(normalised(new double[] {0, 1, 1, 1, -2, 0}), A);
    private static final double[] M = {5, -1, 0, 2, 3, 1};

    private static double[] normalised(double[] v) {
        double n = Math.sqrt(dot(v, v));
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / n;
        }
        return out;
    }

    private static double[] orthogonalTo(double[] v, double[] u) {
        double p = dot(v, u);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] - p * u[i];
        }
        return normalised(out);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void recoversAPlantedPlaneAndItsVariances() {
        Pca pca = Pca.fit(planted(4000, A, B, M, 1), 6, 2);
        double[][] axes = pca.axes();
        // each planted direction lies in the fitted plane: its projection onto the two axes has norm ≈ 1
        for (double[] planted : new double[][] {A, B}) {
            double inPlane = Math.pow(dot(planted, axes[0]), 2) + Math.pow(dot(planted, axes[1]), 2);
            assertThat(inPlane).isCloseTo(1, within(1e-4));
        }
        assertThat(Math.abs(dot(axes[0], A))).isCloseTo(1, within(1e-3)); // the larger variance comes first
        assertThat(pca.eigenvalues()[0]).isCloseTo(9, within(0.5));
        assertThat(pca.eigenvalues()[1]).isCloseTo(2.25, within(0.15));
        assertThat(pca.explainedVariance()).isGreaterThan(0.9999);
        assertThat(pca.noiseVariance()).isCloseTo(1e-4, within(2e-5));
        for (int j = 0; j < 6; j++) {
            assertThat(pca.mean()[j]).isCloseTo(M[j], within(0.2));
        }
    }

    @Test
    void encodeThenDecodeIsTheIdentityWithAllComponents() {
        float[] x = planted(50, A, B, M, 2);
        Pca pca = Pca.fit(x, 6, 6);
        float[] back = pca.decode(pca.encode(x));
        for (int i = 0; i < x.length; i++) {
            assertThat(back[i]).isCloseTo(x[i], within(1e-4f));
        }
    }

    @Test
    void theProbabilisticPcaDensityIsTheGaussianWithCovarianceWWtPlusSigma2() {
        float[] x = planted(500, A, B, M, 3);
        Pca pca = Pca.fit(x, 6, 2);
        // C = Σ_{i≤k} λ_i u_i u_iᵀ + σ² (I − Σ_{i≤k} u_i u_iᵀ), i.e. W Wᵀ + σ² I with W = U (Λ − σ² I)^{1/2}
        DMatrixRMaj c = CommonOps_DDRM.identity(6);
        CommonOps_DDRM.scale(pca.noiseVariance(), c);
        for (int r = 0; r < 2; r++) {
            double w = pca.eigenvalues()[r] - pca.noiseVariance();
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    c.add(a, b, w * pca.axes()[r][a] * pca.axes()[r][b]);
                }
            }
        }
        DMatrixRMaj inverse = new DMatrixRMaj(6, 6);
        CommonOps_DDRM.invert(c, inverse);
        double logDet = Math.log(CommonOps_DDRM.det(c));
        double[] got = pca.logDensity(x);
        for (int i = 0; i < 5; i++) {
            double[] d = new double[6];
            for (int j = 0; j < 6; j++) {
                d[j] = x[i * 6 + j] - pca.mean()[j];
            }
            double q = 0;
            for (int a = 0; a < 6; a++) {
                for (int b = 0; b < 6; b++) {
                    q += d[a] * inverse.get(a, b) * d[b];
                }
            }
            double expected = -0.5 * (6 * Math.log(2 * Math.PI) + logDet + q);
            assertThat(got[i]).isCloseTo(expected, within(1e-4 * Math.abs(expected) + 1e-6));
        }
    }

    @Test
    void theSameDataGiveTheSameFit() {
        float[] x = planted(300, A, B, M, 4);
        assertThat(Pca.fit(x, 6, 3).axes()).isDeepEqualTo(Pca.fit(x, 6, 3).axes());
    }

    @Test
    void explainedVarianceIsEachEigenvaluesShareAndAccumulatesToOne() {
        Pca pca = Pca.fit(planted(2000, A, B, M, 5), 6, 2);
        double[] eigenvalues = pca.eigenvalues();
        double total = Arrays.stream(eigenvalues).sum();
        double[] ratio = pca.explainedVarianceRatio();
        double[] cumulative = pca.cumulativeExplainedVarianceRatio();
        // planted variances 9 and 2.25 against a noise variance of 10⁻⁴ in each of the 6 directions
        double noise = 6e-4;
        assertThat(ratio[0]).isCloseTo(eigenvalues[0] / total, within(1e-12));
        assertThat(ratio[0] / ratio[1]).isCloseTo(4, within(0.4));
        assertThat(cumulative[1]).isCloseTo(1 - noise * 4 / 6 / total, within(1e-5));
        assertThat(cumulative[5]).isCloseTo(1, within(1e-12));
        assertThat(pca.explainedVariance()).isEqualTo(cumulative[1]);
        for (int r = 1; r < 6; r++) {
            assertThat(cumulative[r]).isCloseTo(cumulative[r - 1] + ratio[r], within(1e-12));
        }
    }

    @Test
    void fewerComponentsKeepTheAxesAndRaiseTheNoiseToTheMeanDiscardedEigenvalue() {
        Pca all = Pca.fit(planted(500, A, B, M, 6), 6, 6);
        Pca one = all.withComponents(1);
        double[] eigenvalues = all.eigenvalues();
        double discarded = Arrays.stream(eigenvalues).skip(1).average().orElseThrow();
        assertThat(one.noiseVariance()).isCloseTo(discarded + Pca.MIN_NOISE_VARIANCE, within(1e-12));
        assertThat(one.axes()[0]).isEqualTo(all.axes()[0]);
        assertThat(one.components()).isEqualTo(1);
    }
}
