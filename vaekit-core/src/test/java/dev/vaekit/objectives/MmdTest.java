package dev.vaekit.objectives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Tensors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The MMD estimate against its kernels' values and the closed form of the Gaussian kernel between Gaussians. */
class MmdTest extends TensorTest {
    /** n draws of N(μ, s² I) in d dimensions. */
    private NDArray gaussian(int n, int d, double mu, double s, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mu + s * r.nextGaussian());
        }
        return Tensors.create(manager, v, new Shape(n, d));
    }

    @Test
    void theKernelsAreTheirFormulas() {
        NDArray a = Tensors.create(manager, new float[] {0, 0, 1, 2}, new Shape(2, 2));
        NDArray b = Tensors.create(manager, new float[] {3, 4}, new Shape(1, 2));
        double c = Mmd.kernelScale(2, 1.5); // 2 d s = 6
        assertThat(c).isEqualTo(6);
        float[] imq = Mmd.kernel(a, b, MmdKernel.IMQ, c).toFloatArray();
        float[] rbf = Mmd.kernel(a, b, MmdKernel.RBF, c).toFloatArray();
        // ‖(0,0) − (3,4)‖² = 25, ‖(1,2) − (3,4)‖² = 8
        assertThat((double) imq[0]).isCloseTo(6.0 / 31, within(1e-6));
        assertThat((double) imq[1]).isCloseTo(6.0 / 14, within(1e-6));
        assertThat((double) rbf[0]).isCloseTo(Math.exp(-25 / 6.0), within(1e-6));
        assertThat((double) rbf[1]).isCloseTo(Math.exp(-8 / 6.0), within(1e-6));
    }

    /**
     * E exp(−‖X − Y‖²/C) for X ~ N(a, s₁² I), Y ~ N(b, s₂² I) in d dimensions: with h² = C/2 and v = h² + s₁² + s₂²,
     * (h²/v)^{d/2} exp(−‖a − b‖²/(2v)).
     */
    private static double expectedRbf(double c, int d, double distance2, double s1, double s2) {
        double h2 = c / 2;
        double v = h2 + s1 * s1 + s2 * s2;
        return Math.pow(h2 / v, d / 2.0) * Math.exp(-distance2 / (2 * v));
    }

    @Test
    void theGaussianKernelsEstimateMatchesTheClosedFormBetweenGaussians() {
        int d = 3;
        double shift = 0.5;
        double c = Mmd.kernelScale(d, 1);
        // P = N(0, I), Q = N(shift·1, 0.7² I): MMD² = E k(X, X') + E k(Y, Y') − 2 E k(X, Y)
        double closedForm = expectedRbf(c, d, 0, 1, 1)
                + expectedRbf(c, d, 0, 0.7, 0.7)
                - 2 * expectedRbf(c, d, d * shift * shift, 1, 0.7);
        double sum = 0;
        int repeats = 5;
        for (int k = 0; k < repeats; k++) {
            sum += Mmd.squared(gaussian(1500, d, 0, 1, 10 + k), gaussian(1500, d, shift, 0.7, 20 + k), MmdKernel.RBF, 1)
                    .getFloat();
        }
        assertThat(closedForm).isGreaterThan(0.02);
        assertThat(sum / repeats).isCloseTo(closedForm, within(0.004));
    }

    @Test
    void itIsUnbiasedAtZeroForTwoSamplesOfOneDistributionAndGrowsWithTheirDistance() {
        for (MmdKernel kernel : MmdKernel.values()) {
            double same = 0;
            for (int k = 0; k < 10; k++) {
                same += Mmd.squared(gaussian(300, 4, 0, 1, 30 + k), gaussian(300, 4, 0, 1, 40 + k), kernel, 1)
                        .getFloat();
            }
            assertThat(same / 10).as("%s, same distribution", kernel).isCloseTo(0, within(0.003));
            double near = Mmd.squared(gaussian(500, 4, 0, 1, 50), gaussian(500, 4, 0.3, 1, 51), kernel, 1)
                    .getFloat();
            double far = Mmd.squared(gaussian(500, 4, 0, 1, 52), gaussian(500, 4, 1.0, 1, 53), kernel, 1)
                    .getFloat();
            assertThat(far).as("%s", kernel).isGreaterThan(near).isGreaterThan(0.02);
        }
    }
}
