package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrincipalAxesTest {
    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Q diag(values) Qᵀ for the orthonormal columns of a rotation built from Givens steps. */
    private static double[][] rotated(double[] values, double[][] q) {
        int d = values.length;
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    c[i][j] += q[i][k] * values[k] * q[j][k];
                }
            }
        }
        return c;
    }

    /** A random orthonormal basis (columns), by Gram–Schmidt on Gaussian vectors. */
    private static double[][] randomBasis(int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] cols = new double[d][d];
        for (int k = 0; k < d; k++) {
            for (int i = 0; i < d; i++) {
                cols[k][i] = r.nextDouble() * 2 - 1;
            }
            for (int p = 0; p < k; p++) {
                double s = dot(cols[k], cols[p]);
                for (int i = 0; i < d; i++) {
                    cols[k][i] -= s * cols[p][i];
                }
            }
            double n = Math.sqrt(dot(cols[k], cols[k]));
            for (int i = 0; i < d; i++) {
                cols[k][i] /= n;
            }
        }
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int k = 0; k < d; k++) {
                q[i][k] = cols[k][i];
            }
        }
        return q;
    }

    @Test
    void powerIterationWithDeflationRecoversTheTopEigenpairs() {
        int d = 30;
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = 10.0 / (i + 1); // 10, 5, 3.33, ...
        }
        double[][] q = randomBasis(d, 7);
        double[][] c = rotated(values, q);

        PrincipalAxes.EigenPair[] pairs = PrincipalAxes.topEigenpairs(c, 3);

        for (int p = 0; p < 3; p++) {
            assertThat(pairs[p].value()).isCloseTo(values[p], within(1e-8));
            double[] truth = new double[d];
            for (int i = 0; i < d; i++) {
                truth[i] = q[i][p];
            }
            // the same direction up to sign
            assertThat(Math.abs(dot(pairs[p].vector(), truth))).isCloseTo(1, within(1e-8));
            assertThat(dot(pairs[p].vector(), pairs[p].vector())).isCloseTo(1, within(1e-12));
        }
        assertThat(dot(pairs[0].vector(), pairs[1].vector())).isCloseTo(0, within(1e-10));
        assertThat(c[0][0]).as("the input is not modified").isCloseTo(rotated(values, q)[0][0], within(0.0));
    }

    @Test
    void aRepeatedEigenvalueGivesTwoOrthogonalVectorsOfItsEigenspace() {
        double[][] c = {{4, 0, 0}, {0, 4, 0}, {0, 0, 1}};

        PrincipalAxes.EigenPair[] pairs = PrincipalAxes.topEigenpairs(c, 3);

        assertThat(pairs[0].value()).isCloseTo(4, within(1e-10));
        assertThat(pairs[1].value()).isCloseTo(4, within(1e-10));
        assertThat(pairs[2].value()).isCloseTo(1, within(1e-10));
        assertThat(pairs[0].vector()[2]).isCloseTo(0, within(1e-10));
        assertThat(dot(pairs[0].vector(), pairs[1].vector())).isCloseTo(0, within(1e-10));
        assertThat(Math.abs(pairs[2].vector()[2])).isCloseTo(1, within(1e-10));
    }

    @Test
    void aZeroMatrixGivesZeroVariancesAndUnitAxes() {
        PrincipalAxes.EigenPair[] pairs = PrincipalAxes.topEigenpairs(new double[3][3], 2);

        assertThat(pairs[0].value()).isZero();
        assertThat(dot(pairs[0].vector(), pairs[0].vector())).isCloseTo(1, within(1e-12));
        assertThat(dot(pairs[0].vector(), pairs[1].vector())).isCloseTo(0, within(1e-12));
    }

    @Test
    void fitFindsTheLongAxisOfAnElongatedCloud() {
        // points spread along (1, 1, 0)/√2 with σ = 3, along (1, −1, 0)/√2 with σ = 1, and not at all along z
        SplittableRandom r = new SplittableRandom(3);
        int n = 4000;
        float[] points = new float[n * 3];
        for (int i = 0; i < n; i++) {
            double a = 3 * gaussian(r);
            double b = gaussian(r);
            points[i * 3] = (float) ((a + b) / Math.sqrt(2) + 5);
            points[i * 3 + 1] = (float) ((a - b) / Math.sqrt(2) - 2);
            points[i * 3 + 2] = 7;
        }

        PrincipalAxes pca = PrincipalAxes.fit(points, 3, 2);

        assertThat(pca.mean()[0]).isCloseTo(5, within(0.2));
        assertThat(pca.mean()[2]).isCloseTo(7, within(1e-5));
        assertThat(pca.axes()[0][0]).isCloseTo(Math.sqrt(0.5), within(0.02));
        assertThat(pca.axes()[0][1]).isCloseTo(Math.sqrt(0.5), within(0.02));
        assertThat(pca.variances()[0]).isCloseTo(9, within(0.6));
        assertThat(pca.variances()[1]).isCloseTo(1, within(0.1));
        assertThat(pca.explainedFraction(0) + pca.explainedFraction(1)).isCloseTo(1, within(1e-6));
        double[][] projected = pca.project(points);
        assertThat(projected).hasDimensions(2, n);
        double mean = 0;
        double var = 0;
        for (double v : projected[0]) {
            mean += v / n;
        }
        for (double v : projected[0]) {
            var += (v - mean) * (v - mean) / (n - 1);
        }
        assertThat(mean).isCloseTo(0, within(1e-4));
        assertThat(var).isCloseTo(pca.variances()[0], within(1e-3));
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> PrincipalAxes.fit(new float[] {1, 2}, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 points");
        assertThatThrownBy(() -> PrincipalAxes.topEigenpairs(new double[2][2], 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
