package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/** Diagonal Gaussian densities N(x; μ, diag σ²), with σ² given as a log-variance. */
public final class Gaussian {
    /** log(2π). */
    public static final double LOG_2PI = Math.log(2 * Math.PI);

    private Gaussian() {}

    /**
     * log N(x; μ, diag exp(logVar)) = −½ Σ_d [log 2π + logVar_d + (x_d − μ_d)² / exp(logVar_d)], summed over the last
     * axis.
     *
     * @param x observations
     * @param mean μ, broadcastable against x
     * @param logVar log σ², broadcastable against x
     * @return log-densities, the last axis summed away
     */
    public static NDArray logProb(NDArray x, NDArray mean, NDArray logVar) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        // logVar broadcasts over x, so a variance shared by all coordinates is counted d times, as it must be
        NDArray perExample =
                x.sub(mean).square().mul(logVar.neg().exp()).add(logVar).sum(new int[] {-1});
        return Tensors.scale(perExample.add((float) (d * LOG_2PI)), -0.5);
    }

    /**
     * log N(x; μ, σ² I) for a fixed σ: −½ Σ_d (x_d − μ_d)² / σ² − d log σ − (d/2) log 2π.
     *
     * @param x observations
     * @param mean μ
     * @param sigma the fixed standard deviation, > 0
     * @return log-densities, the last axis summed away
     */
    public static NDArray logProbFixedSigma(NDArray x, NDArray mean, double sigma) {
        long d = x.getShape().get(x.getShape().dimension() - 1);
        double constant = -d * Math.log(sigma) - 0.5 * d * LOG_2PI;
        return Tensors.scale(x.sub(mean).square().sum(new int[] {-1}), -0.5 / (sigma * sigma))
                .add((float) constant);
    }

    /**
     * Draws x = μ + σ ε coordinate-wise (the reparameterisation of N(μ, σ²)).
     *
     * @param mean μ
     * @param logSigma log σ, broadcastable against μ
     * @param noise ε ~ N(0, 1), the shape of μ
     * @return the draws, the shape of μ
     */
    public static NDArray sample(NDArray mean, NDArray logSigma, NDArray noise) {
        return mean.add(logSigma.exp().mul(noise));
    }
}
