package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/** The prior p(z) = N(0, I). */
public final class StandardNormal {
    private StandardNormal() {}

    /**
     * log N(z; 0, I) = −½ Σ_d (z_d² + log 2π), summed over the last axis.
     *
     * @param z points
     * @return log-densities
     */
    public static NDArray logProb(NDArray z) {
        long d = z.getShape().get(z.getShape().dimension() - 1);
        return Tensors.scale(z.square().sum(new int[] {-1}).add((float) (d * Gaussian.LOG_2PI)), -0.5);
    }
}
