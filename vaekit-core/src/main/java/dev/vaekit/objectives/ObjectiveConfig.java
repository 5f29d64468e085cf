package dev.vaekit.objectives;

import dev.vaekit.InvalidInputException;

/**
 * What bound training maximises.
 *
 * @param estimator A, B or IWAE
 * @param samples L, samples of z per datapoint, ≥ 1
 * @param beta weight of the KL term (β-VAE, Higgins et al. 2017); 1 is the ELBO
 * @param warmupEpochs epochs over which the KL weight rises linearly from 0 to β (Sønderby et al. 2016); 0 is off
 * @param freeBits λ, nats of KL per latent dimension that training gets for free (Kingma et al. 2016, "free bits"):
 *     the loss charges max(λ, KL_j) for each dimension j, KL_j averaged over the minibatch, so no dimension is pushed
 *     below λ nats. 0 is off. Needs estimator b, the only one with a KL per dimension in closed form; see {@link
 *     Elbo}
 */
public record ObjectiveConfig(Estimator estimator, int samples, double beta, double warmupEpochs, double freeBits) {

    /** Validates every field. */
    public ObjectiveConfig {
        if (estimator == null) {
            throw new InvalidInputException("objective.estimator must be set (a, b or iwae)");
        }
        if (samples < 1) {
            throw new InvalidInputException("objective.samples must be >= 1, got " + samples);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new InvalidInputException("objective.beta must be a finite number >= 0, got " + beta);
        }
        if (!(warmupEpochs >= 0) || Double.isInfinite(warmupEpochs)) {
            throw new InvalidInputException("objective.warmupEpochs must be >= 0, got " + warmupEpochs);
        }
        if (estimator == Estimator.IWAE && beta != 1) {
            throw new InvalidInputException("objective.beta must be 1 with the iwae estimator, got " + beta);
        }
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
            throw new InvalidInputException("objective.freeBits must be a finite number of nats >= 0, got " + freeBits);
        }
        if (freeBits > 0 && estimator != Estimator.B) {
            throw new InvalidInputException("objective.freeBits needs estimator b (the analytic KL per latent "
                    + "dimension), got estimator " + estimator.id() + " with freeBits " + freeBits);
        }
    }

    /**
     * The KL weight at a point of training: β · min(1, progress / warmupEpochs).
     *
     * @param epochProgress epochs done, fractional (2.5 = halfway through the third epoch)
     * @return the weight to use
     */
    public double klWeight(double epochProgress) {
        return warmupEpochs == 0 ? beta : beta * Math.min(1.0, epochProgress / warmupEpochs);
    }
}
