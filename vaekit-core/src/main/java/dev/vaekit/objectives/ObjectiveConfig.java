package dev.vaekit.objectives;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;

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
public record ObjectiveConfig(
        @ConfigField(flag = "--estimator", label = "E", value = "a (Monte-Carlo KL), b (analytic KL) or iwae.")
                Estimator estimator,
        @ConfigField(flag = "--samples", label = "L", value = "Samples of z per datapoint.") int samples,
        @ConfigField(flag = "--beta", label = "B", value = "KL weight β (Higgins et al. 2017); 1 is the ELBO.")
                double beta,
        @ConfigField(flag = "--warmup-epochs", label = "E", value = "Linear KL warm-up length in epochs (0: off).")
                double warmupEpochs,
        @ConfigField(
                        flag = "--free-bits",
                        label = "NATS",
                        value = "Free bits λ: each latent dimension's KL, averaged over the minibatch, is charged at "
                                + "least λ nats (Kingma et al. 2016); estimator b only (0: off).")
                double freeBits) {

    /** @return the defaults: estimator B, one sample, β = 1, no warm-up, no free bits (the plain ELBO) */
    public static ObjectiveConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder()
                .estimator(estimator)
                .samples(samples)
                .beta(beta)
                .warmupEpochs(warmupEpochs)
                .freeBits(freeBits);
    }

    /** Builds an {@link ObjectiveConfig}; it starts from the defaults. */
    public static final class Builder {
        private Estimator estimator = Estimator.B;
        private int samples = 1;
        private double beta = 1;
        private double warmupEpochs = 0;
        private double freeBits = 0;

        private Builder() {}

        /** @param value A, B or IWAE @return this builder */
        public Builder estimator(Estimator value) {
            this.estimator = value;
            return this;
        }

        /** @param value samples of z per datapoint @return this builder */
        public Builder samples(int value) {
            this.samples = value;
            return this;
        }

        /** @param value KL weight @return this builder */
        public Builder beta(double value) {
            this.beta = value;
            return this;
        }

        /** @param value warm-up epochs @return this builder */
        public Builder warmupEpochs(double value) {
            this.warmupEpochs = value;
            return this;
        }

        /** @param value free bits λ @return this builder */
        public Builder freeBits(double value) {
            this.freeBits = value;
            return this;
        }

        /** @return the validated config */
        public ObjectiveConfig build() {
            return new ObjectiveConfig(estimator, samples, beta, warmupEpochs, freeBits);
        }
    }

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
     * Refuses settings a model without sampling or a KL term would ignore.
     *
     * @param modelType the model's type, for the message
     * @param minimised what the model minimises instead, e.g. {@code "the exact −log p(x)"}
     * @throws InvalidInputException unless estimator, samples, β, warm-up and free bits are b, 1, 1, 0 and 0
     */
    public void requireUnused(String modelType, String minimised) {
        if (estimator != Estimator.B || samples != 1 || beta != 1 || warmupEpochs != 0 || freeBits != 0) {
            throw new InvalidInputException("objective.estimator, samples, beta, warmupEpochs and freeBits apply to "
                    + "VAEs; a " + modelType + " minimises " + minimised + " with no sampling and no KL "
                    + "term, so leave them at b, 1, 1, 0 and 0 (got "
                    + estimator.id() + ", " + samples
                    + ", " + beta + ", " + warmupEpochs + ", " + freeBits + ")");
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
