package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import dev.vaekit.engine.Tensors;

/**
 * The amortised posterior q(z|x) = N(z; μ(x), diag exp(logVar(x))) of a VAE, with the two quantities the ELBO needs.
 *
 * @param mean μ, shape (batch, latent)
 * @param logVar log σ², shape (batch, latent)
 */
public record DiagonalGaussian(NDArray mean, NDArray logVar) {

    /** @return σ = exp(½ logVar) */
    public NDArray std() {
        return Tensors.scale(logVar, 0.5).exp();
    }

    /**
     * The reparameterisation trick (Kingma &amp; Welling 2014, eq. 10 and §2.4): z = μ + σ ⊙ ε, ε ~ N(0, I), so z is a
     * differentiable function of (μ, σ).
     *
     * @param eps standard-normal noise, shape (..., batch, latent)
     * @return samples of the same shape as eps
     */
    public NDArray sample(NDArray eps) {
        return eps.mul(std()).add(mean);
    }

    /**
     * log q(z|x) evaluated at z = μ + σ ε, computed from ε directly: −½ Σ_d (ε_d² + logVar_d + log 2π). Exact, and
     * cheaper and better conditioned than re-deriving (z − μ)/σ.
     *
     * @param eps the noise that produced z
     * @return log-densities, the latent axis summed away
     */
    public NDArray logProbOfSample(NDArray eps) {
        long d = eps.getShape().get(eps.getShape().dimension() - 1);
        return Tensors.scale(
                eps.square().sum(new int[] {-1}).add(logVar.sum(new int[] {-1})).add((float) (d * Gaussian.LOG_2PI)),
                -0.5);
    }

    /**
     * KL(q(z|x) ‖ N(0, I)) in closed form (Kingma &amp; Welling 2014, appendix B): −½ Σ_d (1 + logVar_d − μ_d² −
     * σ_d²). Always ≥ 0, and 0 exactly when μ = 0 and logVar = 0.
     *
     * @return one KL per example
     */
    public NDArray klToStandardNormal() {
        return klPerDimension().sum(new int[] {-1});
    }

    /**
     * The closed-form KL of each latent dimension, KL(q(z_d|x) ‖ N(0, 1)) = ½ (μ_d² + σ_d² − logVar_d − 1): the terms
     * that {@link #klToStandardNormal()} sums, since both distributions factorise over dimensions.
     *
     * @return KL per example and dimension, shape (batch, latent), each ≥ 0
     */
    public NDArray klPerDimension() {
        return Tensors.scale(logVar.exp().add(mean.square()).sub(logVar).sub(1f), 0.5);
    }
}
