package dev.vaekit.objectives;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;

/**
 * What bound training maximises.
 *
 * @param estimator A, B, IWAE, MIWAE, CIWAE or PIWAE
 * @param samples L, samples of z per datapoint, ≥ 1
 * @param beta weight of the KL term (β-VAE, Higgins et al. 2017); 1 is the ELBO
 * @param warmupEpochs epochs over which the KL weight rises linearly from 0 to β (Sønderby et al. 2016); 0 is off
 * @param freeBits λ, nats of KL per latent dimension that training gets for free (Kingma et al. 2016, "free bits"):
 *     the loss charges max(λ, KL_j) for each dimension j, KL_j averaged over the minibatch, so no dimension is pushed
 *     below λ nats. 0 is off. Needs estimator b, the only one with a KL per dimension in closed form; see {@link
 *     Elbo}
 * @param groups M ≥ 1, independent groups of {@code samples} draws for the MIWAE and PIWAE bounds (Rainforth et al.
 *     2018), which draw M·K codes per datapoint; 1 for every other estimator
 * @param ciwaeBeta β ∈ [0, 1] of the CIWAE bound β ELBO + (1 − β) IWAE (Rainforth et al. 2018, eq. 4); read by that
 *     estimator only
 */
public record ObjectiveConfig(
        @ConfigField(
                        flag = "--estimator",
                        label = "E",
                        value =
                                "a (Monte-Carlo KL), b (analytic KL), iwae, miwae, ciwae or piwae (Rainforth et al. 2018).")
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
                double freeBits,
        @ConfigField(
                        flag = "--groups",
                        label = "M",
                        value = "Estimators miwae and piwae: independent groups M of --samples K draws each "
                                + "(Rainforth et al. 2018); 1 for the others.")
                int groups,
        @ConfigField(
                        flag = "--ciwae-beta",
                        label = "B",
                        value = "Estimator ciwae: β of β ELBO + (1 − β) IWAE (Rainforth et al. 2018); 1 is the ELBO, "
                                + "0 the IWAE bound.")
                double ciwaeBeta) {

    /** β of the CIWAE bound unless a config names one: halfway between the ELBO and the IWAE bound. */
    public static final double DEFAULT_CIWAE_BETA = 0.5;

    /**
     * An objective with one group and the default CIWAE β: the fields every estimator but MIWAE, PIWAE and CIWAE
     * reads.
     *
     * @param estimator A, B, IWAE, ...
     * @param samples L ≥ 1
     * @param beta the KL weight
     * @param warmupEpochs KL warm-up length
     * @param freeBits free bits λ
     */
    public ObjectiveConfig(Estimator estimator, int samples, double beta, double warmupEpochs, double freeBits) {
        this(estimator, samples, beta, warmupEpochs, freeBits, 1, DEFAULT_CIWAE_BETA);
    }

    /** Most draws per datapoint a training step may take (M·K), so that a typo cannot allocate without bound. */
    public static final int MAX_DRAWS = 100_000;

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
                .freeBits(freeBits)
                .groups(groups)
                .ciwaeBeta(ciwaeBeta);
    }

    /** Builds an {@link ObjectiveConfig}; it starts from the defaults. */
    public static final class Builder {
        private Estimator estimator = Estimator.B;
        private int samples = 1;
        private double beta = 1;
        private double warmupEpochs = 0;
        private double freeBits = 0;
        private int groups = 1;
        private double ciwaeBeta = DEFAULT_CIWAE_BETA;

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

        /** @param value groups M of the MIWAE and PIWAE bounds @return this builder */
        public Builder groups(int value) {
            this.groups = value;
            return this;
        }

        /** @param value β of the CIWAE bound @return this builder */
        public Builder ciwaeBeta(double value) {
            this.ciwaeBeta = value;
            return this;
        }

        /** @return the validated config */
        public ObjectiveConfig build() {
            return new ObjectiveConfig(estimator, samples, beta, warmupEpochs, freeBits, groups, ciwaeBeta);
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
        if (estimator.importanceWeighted() && beta != 1) {
            throw new InvalidInputException(
                    "objective.beta must be 1 with the " + estimator.id() + " estimator, got " + beta);
        }
        if (groups < 1) {
            throw new InvalidInputException("objective.groups must be >= 1, got " + groups);
        }
        if (groups > 1 && estimator != Estimator.MIWAE && estimator != Estimator.PIWAE) {
            throw new InvalidInputException("objective.groups (--groups) is read by the miwae and piwae estimators; "
                    + "leave it at 1 with estimator " + estimator.id() + ", got " + groups);
        }
        if ((long) groups * samples > MAX_DRAWS) {
            throw new InvalidInputException("objective.groups × objective.samples must be at most " + MAX_DRAWS
                    + " draws per datapoint, got " + groups + " × " + samples);
        }
        if (!(ciwaeBeta >= 0 && ciwaeBeta <= 1)) {
            throw new InvalidInputException("objective.ciwaeBeta must be in [0, 1], got " + ciwaeBeta);
        }
        if (ciwaeBeta != DEFAULT_CIWAE_BETA && estimator != Estimator.CIWAE) {
            throw new InvalidInputException("objective.ciwaeBeta (--ciwae-beta) is read by the ciwae estimator only; "
                    + "leave it at " + DEFAULT_CIWAE_BETA + " with estimator " + estimator.id() + ", got "
                    + ciwaeBeta);
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

    /** @return the codes a model draws per datapoint for one training step: groups × samples */
    public int draws() {
        return groups * samples;
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
