package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Fréchet distance between Gaussians against closed forms, and its moments estimated from rows. */
class FrechetDistanceTest {

    private static double[][] diagonal(double... values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    /** R diag(values) Rᵀ. */
    private static double[][] rotated(double[][] r, double... values) {
        int d = values.length;
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    m[i][j] += r[i][k] * values[k] * r[j][k];
                }
            }
        }
        return m;
    }

    /** A rotation of 3-D space: about z by a, then about x by b. */
    private static double[][] rotation(double a, double b) {
        double[][] z = {{Math.cos(a), -Math.sin(a), 0}, {Math.sin(a), Math.cos(a), 0}, {0, 0, 1}};
        double[][] x = {{1, 0, 0}, {0, Math.cos(b), -Math.sin(b)}, {0, Math.sin(b), Math.cos(b)}};
        double[][] r = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    r[i][j] += x[i][k] * z[k][j];
                }
            }
        }
        return r;
    }

    /** A random symmetric positive definite matrix B Bᵀ + 0.1 I. */
    private static double[][] randomCovariance(int d, long seed) {
        Random random = new Random(seed);
        double[][] b = new double[d][d];
        for (double[] row : b) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += b[i][k] * b[j][k];
                }
            }
            s[i][i] += 0.1;
        }
        return s;
    }

    @Test
    void identicalGaussiansAreAtDistanceZero() {
        double[][] s = randomCovariance(6, 1);
        double[] mean = {1, -2, 3, 0.5, 0, 7};
        FrechetDistance d = FrechetDistance.between(GaussianMoments.of(mean, s), GaussianMoments.of(mean, s));
        assertThat(d.value()).isCloseTo(0, within(1e-9));
        assertThat(d.meanTerm()).isZero();
    }

    @Test
    void diagonalCovariancesGiveTheSumOfSquaredDifferencesOfStandardDeviations() {
        double[] a = {1, 4, 9, 0.25};
        double[] b = {4, 1, 16, 1};
        double[] m1 = {0, 1, 2, 3};
        double[] m2 = {1, 1, 0, 3};
        // Σ(√a − √b)² = 1 + 1 + 1 + 0.25; ‖m1 − m2‖² = 1 + 0 + 4 + 0
        FrechetDistance d =
                FrechetDistance.between(GaussianMoments.of(m1, diagonal(a)), GaussianMoments.of(m2, diagonal(b)));
        assertThat(d.meanTerm()).isCloseTo(5, within(1e-12));
        assertThat(d.covarianceTerm()).isCloseTo(3.25, within(1e-10));
        assertThat(d.value()).isCloseTo(8.25, within(1e-10));
    }

    @Test
    void aRotationOfBothGaussiansChangesNothing() {
        double[][] r = rotation(0.7, -1.1);
        double[] a = {1, 4, 9};
        double[] b = {4, 1, 0.25};
        double[] mean = {1, 2, 3};
        double[] shifted = {1, 2, 5};
        FrechetDistance d = FrechetDistance.between(
                GaussianMoments.of(mean, rotated(r, a)), GaussianMoments.of(shifted, rotated(r, b)));
        // (1 − 2)² + (2 − 1)² + (3 − 0.5)², plus the mean term 4
        assertThat(d.value()).isCloseTo(1 + 1 + 6.25 + 4, within(1e-9));
    }

    @Test
    void covariancesThatDoNotCommuteMatchTheTwoByTwoClosedForm() {
        // in 2-D, Tr (AB)^{1/2} = √λ₁ + √λ₂ = √(Tr(AB) + 2 √(det A det B)), since λ₁λ₂ = det(AB)
        double[][] a = {{2, 0.5}, {0.5, 1}};
        double theta = 1.0;
        double[][] r = {{Math.cos(theta), -Math.sin(theta)}, {Math.sin(theta), Math.cos(theta)}};
        double[][] b = rotated(r, 3, 0.2);
        double traceAb = 0;
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 2; k++) {
                traceAb += a[i][k] * b[k][i];
            }
        }
        double detA = a[0][0] * a[1][1] - a[0][1] * a[1][0];
        double detB = b[0][0] * b[1][1] - b[0][1] * b[1][0];
        double expected =
                (a[0][0] + a[1][1]) + (b[0][0] + b[1][1]) - 2 * Math.sqrt(traceAb + 2 * Math.sqrt(detA * detB));
        double[] zero = {0, 0};
        FrechetDistance d = FrechetDistance.between(GaussianMoments.of(zero, a), GaussianMoments.of(zero, b));
        assertThat(a[0][1] * (b[0][0] - b[1][1]) - b[0][1] * (a[0][0] - a[1][1]))
                .as("AB ≠ BA")
                .isNotCloseTo(0, within(1e-3));
        assertThat(d.value()).isCloseTo(expected, within(1e-10));
        // and it is symmetric in its arguments, which the symmetric form does not show by itself
        assertThat(FrechetDistance.between(GaussianMoments.of(zero, b), GaussianMoments.of(zero, a))
                        .value())
                .isCloseTo(expected, within(1e-10));
    }

    @Test
    void singularCovariancesStayRealAndExact() {
        // rank one: Σ₁ = vvᵀ, Σ₂ = wwᵀ, so Σ₁Σ₂ = (v·w) v wᵀ has the one eigenvalue (v·w)² and Tr (Σ₁Σ₂)^{1/2} = |v·w|
        double[] v = {1, 2, 0};
        double[] w = {-3, 1, 1};
        double[][] vv = new double[3][3];
        double[][] ww = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                vv[i][j] = v[i] * v[j];
                ww[i][j] = w[i] * w[j];
            }
        }
        double[] zero = {0, 0, 0};
        FrechetDistance d = FrechetDistance.between(GaussianMoments.of(zero, vv), GaussianMoments.of(zero, ww));
        assertThat(d.value()).isCloseTo(5 + 11 - 2 * Math.abs(-3 + 2), within(1e-9));
        // a feature that never varies in either set adds nothing
        FrechetDistance flat = FrechetDistance.between(
                GaussianMoments.of(new double[] {0, 0}, diagonal(1, 0)),
                GaussianMoments.of(new double[] {0, 0}, diagonal(4, 0)));
        assertThat(flat.value()).isCloseTo(1, within(1e-12));
    }

    @Test
    void momentsOfRowsAreTheSampleMeanAndTheUnbiasedCovariance() {
        float[] rows = {1, 2, 3, 6, 5, 1, -1, 0};
        GaussianMoments m = GaussianMoments.of(rows, 2);
        // x = 1, 3, 5, −1 (mean 2); y = 2, 6, 1, 0 (mean 2.25)
        assertThat(m.mean()).containsExactly(new double[] {2, 2.25}, within(1e-12));
        assertThat(m.count()).isEqualTo(4);
        double sxx = (1 + 1 + 9 + 9) / 3.0;
        double syy = (0.0625 + 14.0625 + 1.5625 + 5.0625) / 3.0;
        double sxy = (-1 * -0.25 + 1 * 3.75 + 3 * -1.25 + -3 * -2.25) / 3.0;
        assertThat(m.covariance()).containsExactly(new double[] {sxx, sxy, sxy, syy}, within(1e-12));
        assertThat(FrechetDistance.of(rows, rows, 2).value()).isCloseTo(0, within(1e-12));
    }

    @Test
    void largeSamplesOfTwoGaussiansApproachTheirDistance() {
        Random random = new Random(3);
        int n = 40_000;
        float[] a = new float[2 * n];
        float[] b = new float[2 * n];
        for (int i = 0; i < n; i++) {
            a[2 * i] = (float) random.nextGaussian(); // N((0, 0), diag(1, 4))
            a[2 * i + 1] = (float) (2 * random.nextGaussian());
            b[2 * i] = (float) (1 + 3 * random.nextGaussian()); // N((1, 0), diag(9, 1))
            b[2 * i + 1] = (float) random.nextGaussian();
        }
        // 1 + (1 − 3)² + (2 − 1)² = 6
        assertThat(FrechetDistance.of(a, b, 2).value()).isCloseTo(6, within(0.15));
    }

    @Test
    void mismatchedShapesAreRefused() {
        assertThatThrownBy(() -> GaussianMoments.of(new float[] {1, 2, 3}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not whole rows of 2");
        assertThatThrownBy(() -> GaussianMoments.of(new float[] {1, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 rows");
        assertThatThrownBy(() -> GaussianMoments.of(new double[] {0, 0}, new double[][] {{1, 0.5}, {0, 1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not symmetric");
        assertThatThrownBy(() -> FrechetDistance.between(
                        GaussianMoments.of(new double[] {0}, diagonal(1)),
                        GaussianMoments.of(new double[] {0, 0}, diagonal(1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
