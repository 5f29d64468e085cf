package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/** An equally weighted mixture of K diagonal Gaussians, evaluated in log space. */
public final class GaussianMixture {
    private GaussianMixture() {}

    /**
     * log p(z) = log (1/K) Σ_k N(z; μ_k, diag exp(logVar_k)), with the log-sum-exp taken stably.
     *
     * @param z points, shape (..., latent)
     * @param means component means μ_k, shape (K, latent)
     * @param logVars component log-variances, shape (K, latent)
     * @return log-densities, shape (...)
     */
    public static NDArray logProb(NDArray z, NDArray means, NDArray logVars) {
        int axis = z.getShape().dimension() - 1;
        NDArray diff = z.expandDims(axis).sub(means); // (..., K, latent)
        // log N per component: −½ Σ_d ((z_d − μ_kd)² e^{−logVar_kd} + logVar_kd + log 2π)
        NDArray perComponent = Tensors.scale(
                diff.square()
                        .mul(logVars.neg().exp())
                        .add(logVars)
                        .add((float) Gaussian.LOG_2PI)
                        .sum(new int[] {-1}),
                -0.5); // (..., K)
        return Tensors.logMeanExp(perComponent, axis);
    }
}
