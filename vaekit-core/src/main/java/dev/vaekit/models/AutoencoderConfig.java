package dev.vaekit.models;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;
import dev.vaekit.util.ConfigField;

/**
 * The fields of the plain autoencoder family ({@link PlainAutoencoder}, types {@code dense-ae}, {@code conv-ae},
 * {@code resnet-ae}): the decoder's observation model and an optional condition. It has no prior, no posterior and no
 * sampling, so none of the VAE's fields.
 *
 * @param likelihood the observation model p(x|z), whose negative log-likelihood is the reconstruction loss
 * @param conditionClasses label classes that encoder and decoder are given, one-hot; 0 for none
 */
public record AutoencoderConfig(
        LikelihoodConfig likelihood,
        @ConfigField(flag = "--condition-classes", label = "C", value = Conditions.HELP) int conditionClasses)
        implements FamilyConfig {

    /** Validates every field. */
    public AutoencoderConfig {
        if (likelihood == null) {
            throw new InvalidInputException("model.likelihood must be set");
        }
        Conditions.checkClasses(conditionClasses);
    }

    @Override
    public void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {
        likelihood.validateRun(data);
        objective.requireUnused(model.type(), "−log p(x|z=enc(x))");
    }

    @Override
    public boolean tableSchema() {
        return likelihood.kind() == LikelihoodKind.MIXED;
    }

    /** @return the defaults: a Bernoulli likelihood, unconditional */
    public static AutoencoderConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AutoencoderConfig}; it starts from the defaults. */
    public static final class Builder {
        private LikelihoodConfig likelihood = LikelihoodConfig.builder().build();
        private int conditionClasses = 0;

        private Builder() {}

        /** @param value the observation model @return this builder */
        public Builder likelihood(LikelihoodConfig value) {
            this.likelihood = value;
            return this;
        }

        /** @param value label classes, 0 for none @return this builder */
        public Builder conditionClasses(int value) {
            this.conditionClasses = value;
            return this;
        }

        /** @return the validated config */
        public AutoencoderConfig build() {
            return new AutoencoderConfig(likelihood, conditionClasses);
        }
    }
}
