package dev.vaekit.models;

import dev.vaekit.data.DataConfig;
import dev.vaekit.objectives.ObjectiveConfig;

/**
 * The fields of one model family, beside the shared core of {@link ModelConfig} (type, input shape, latent size,
 * networks): {@link VaeConfig} for the VAEs, {@link FlowConfig} for the stand-alone flows, and one record per further
 * family. A family config is an immutable record, validated in its constructor, with a builder whose starting values
 * are its defaults; its components carry {@link dev.vaekit.util.ConfigField} documentation. It is written flat into the
 * {@code model} section of a config ({@link ModelConfigJson}).
 *
 * <p>What a family's fields mean for the rest of a run is checked here too, so that the run config need not know the
 * families.
 */
public interface FamilyConfig extends ConfigPart {

    /**
     * Checks this family's fields against the shared ones, e.g. that a PixelCNN decoder models one channel.
     *
     * @param model the whole model config (this family config is its {@link ModelConfig#family()})
     * @throws dev.vaekit.InvalidInputException naming the field, if they do not fit
     */
    default void validate(ModelConfig model) {}

    /**
     * Checks the run's other sections against this family, e.g. that the mixed likelihood has CSV data, or that a
     * model without a KL term leaves the objective's VAE settings at their defaults.
     *
     * @param model the whole model config
     * @param data the run's data section
     * @param objective the run's objective section
     * @throws dev.vaekit.InvalidInputException naming the fields, if they do not fit
     */
    default void validateRun(ModelConfig model, DataConfig data, ObjectiveConfig objective) {}

    /**
     * @return whether the model's decoder models a table's columns one by one (the mixed likelihood), so that the
     *     data's schema must be fitted on the training rows and kept in the run's config
     */
    default boolean tableSchema() {
        return false;
    }

    /** @return the number of label classes the model is conditioned on, one-hot; 0 for an unconditional model */
    default int conditionClasses() {
        return 0;
    }
}
