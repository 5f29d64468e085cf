package dev.vaekit.objectives;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/**
 * The maximum mean discrepancy between two samples (Gretton, Borgwardt, Rasch, Schölkopf &amp; Smola 2012), the
 * divergence by which InfoVAE (Zhao et al. 2017) and WAE-MMD (Tolstikhin et al. 2018, Algorithm 2) match the
 * aggregate posterior q(z) to the prior p(z). For samples x_1..x_n of P and y_1..y_m of Q, the unbiased U-statistic
 * (Gretton et al. 2012, eq. 3)
 *
 * <pre>
 *   MMD²_u = 1/(n(n−1)) Σ_{i≠j} k(x_i, x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i, y_j) − 2/(nm) Σ_{i,j} k(x_i, y_j)
 * </pre>
 *
 * whose expectation is MMD²(P, Q) = E k(X, X') + E k(Y, Y') − 2 E k(X, Y), zero exactly when P = Q for a
 * characteristic kernel (both kernels of {@link MmdKernel} are). It can be slightly negative.
 */
public final class Mmd {
    private Mmd() {}

    /**
     * The kernel scale C = 2 d s.
     *
     * @param dimensions d
     * @param scale s &gt; 0, the prior's variance (1 for N(0, I))
     * @return C
     */
    public static double kernelScale(long dimensions, double scale) {
        return 2 * dimensions * scale;
    }

    /**
     * The kernel matrix k(a_i, b_j).
     *
     * @param a shape (n, d)
     * @param b shape (m, d)
     * @param kernel which kernel
     * @param c its scale C
     * @return shape (n, m)
     */
    public static NDArray kernel(NDArray a, NDArray b, MmdKernel kernel, double c) {
        // ‖a_i − b_j‖² = ‖a_i‖² + ‖b_j‖² − 2 a_i·b_j, clamped at 0 against rounding
        NDArray squared = a.square()
                .sum(new int[] {1}, true)
                .add(b.square().sum(new int[] {1}, true).transpose())
                .sub(Tensors.scale(a.matMul(b.transpose()), 2));
        NDArray distance = Tensors.atLeast(squared, 0);
        return switch (kernel) {
            case IMQ -> Tensors.scale(Tensors.power(distance.add((float) c), -1), c);
            case RBF -> Tensors.scale(distance, -1 / c).exp();
        };
    }

    /**
     * The unbiased estimate MMD²_u of the class comment.
     *
     * @param x a sample of P, shape (n, d), n ≥ 2
     * @param y a sample of Q, shape (m, d), m ≥ 2
     * @param kernel which kernel
     * @param scale s &gt; 0 of C = 2 d s
     * @return MMD²_u, a scalar (differentiable in x and y)
     */
    public static NDArray squared(NDArray x, NDArray y, MmdKernel kernel, double scale) {
        long n = x.getShape().get(0);
        long m = y.getShape().get(0);
        if (n < 2 || m < 2) {
            throw new IllegalArgumentException("MMD needs at least two draws of each sample, got " + n + " and " + m);
        }
        double c = kernelScale(x.getShape().get(1), scale);
        NDArray kxx = kernel(x, x, kernel, c);
        NDArray kyy = kernel(y, y, kernel, c);
        NDArray kxy = kernel(x, y, kernel, c);
        NDArray withinX = Tensors.scale(kxx.sum().sub(kxx.diagonal().sum()), 1.0 / (n * (n - 1.0)));
        NDArray withinY = Tensors.scale(kyy.sum().sub(kyy.diagonal().sum()), 1.0 / (m * (m - 1.0)));
        return withinX.add(withinY).sub(Tensors.scale(kxy.sum(), 2.0 / (n * (double) m)));
    }
}
