package dev.vaekit.train;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.objectives.ObjectiveConfig;

/**
 * Everything that defines a training run; saved as {@code config.json} in the run folder. Each command-line flag of
 * {@code vaekit train} sets exactly one field of it.
 *
 * @param data what to train on
 * @param model what to build
 * @param objective what bound to maximise; a model without one (a plain autoencoder, a flow) takes only the default
 *     objective section (estimator b, one sample, β 1, no warm-up, no free bits), which it ignores
 * @param training how to optimise it
 */
public record RunConfig(DataConfig data, ModelConfig model, ObjectiveConfig objective, TrainingConfig training) {

    /** Validates that every section is present, and the sections against each other (the model's family checks
     * what its fields need of the data and the objective). */
    public RunConfig {
        if (data == null || model == null || objective == null || training == null) {
            throw new InvalidInputException("config needs the sections data, model, objective and training");
        }
        if (training.patience() > 0 && data.validationFraction() == 0) {
            throw new InvalidInputException("training.patience needs a validation set: set data.validationFraction "
                    + "(--validation) above 0, or patience to 0");
        }
        model.family().validateRun(model, data, objective);
    }

    /** @return a copy with another data section */
    public RunConfig withData(DataConfig newData) {
        return new RunConfig(newData, model, objective, training);
    }

    /** @return a copy with another model section */
    public RunConfig withModel(ModelConfig newModel) {
        return new RunConfig(data, newModel, objective, training);
    }

    /** @return a copy with another training section */
    public RunConfig withTraining(TrainingConfig newTraining) {
        return new RunConfig(data, model, objective, newTraining);
    }

    /** @return a builder holding every section's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder().data(data).model(model).objective(objective).training(training);
    }

    /** Builds a {@link RunConfig}; it starts from each section's defaults. */
    public static final class Builder {
        private DataConfig data = DataConfig.defaults();
        private ModelConfig model = ModelConfig.builder().build();
        private ObjectiveConfig objective = ObjectiveConfig.defaults();
        private TrainingConfig training = TrainingConfig.builder().build();

        private Builder() {}

        /** @param value what to train on @return this builder */
        public Builder data(DataConfig value) {
            this.data = value;
            return this;
        }

        /** @param value what to build @return this builder */
        public Builder model(ModelConfig value) {
            this.model = value;
            return this;
        }

        /** @param value what bound to maximise @return this builder */
        public Builder objective(ObjectiveConfig value) {
            this.objective = value;
            return this;
        }

        /** @param value how to optimise @return this builder */
        public Builder training(TrainingConfig value) {
            this.training = value;
            return this;
        }

        /** @return the validated config */
        public RunConfig build() {
            return new RunConfig(data, model, objective, training);
        }
    }
}
