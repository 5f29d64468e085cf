package dev.vaekit.train;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.Datasets;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PriorKind;
import dev.vaekit.objectives.Estimator;
import dev.vaekit.objectives.ObjectiveConfig;

/**
 * Everything that defines a training run; saved as {@code config.json} in the run folder. Each command-line flag of
 * {@code vaekit train} sets exactly one field of it.
 *
 * @param data what to train on
 * @param model what to build
 * @param objective what bound to maximise; a plain autoencoder ({@code dense-ae}) has none, and takes only the default
 *     objective section (estimator b, one sample, β 1, no warm-up, no free bits), which it ignores
 * @param training how to optimise it
 */
public record RunConfig(DataConfig data, ModelConfig model, ObjectiveConfig objective, TrainingConfig training) {

    /** Validates that every section is present. */
    public RunConfig {
        if (data == null || model == null || objective == null || training == null) {
            throw new InvalidInputException("config needs the sections data, model, objective and training");
        }
        if (training.patience() > 0 && data.validationFraction() == 0) {
            throw new InvalidInputException("training.patience needs a validation set: set data.validationFraction "
                    + "(--validation) above 0, or patience to 0");
        }
        if (model.likelihood() == LikelihoodKind.MIXED) {
            if (!data.dataset().trim().startsWith(Datasets.CSV_PREFIX)) {
                throw new InvalidInputException("model.likelihood mixed models the columns of a table: set "
                        + "data.dataset to csv:PATH, got " + data.dataset());
            }
            if (data.binarization() != Binarization.NONE) {
                throw new InvalidInputException("model.likelihood mixed models the columns as they are: set "
                        + "data.binarization (--binarize) to none");
            }
        }
        if (model.likelihood().eightBit() && data.binarization() != Binarization.NONE) {
            throw new InvalidInputException(
                    "model.likelihood " + model.likelihood().id()
                            + " models 8-bit grey values: set data.binarization (--binarize) to none, got "
                            + data.binarization().id());
        }
        if (model.prior() != PriorKind.STANDARD && objective.estimator() == Estimator.B) {
            throw new InvalidInputException("objective.estimator b uses the closed-form KL to N(0, I), which the "
                    + model.prior().id() + " prior has not: use estimator a or iwae (--estimator)");
        }
        if (model.dequantize() && data.binarization() != Binarization.NONE) {
            throw new InvalidInputException("model.dequantize models 8-bit grey values: set data.binarization "
                    + "(--binarize) to none, got " + data.binarization().id());
        }
        if (model.hasPosteriorFlow() && objective.estimator() == Estimator.B) {
            throw new InvalidInputException("objective.estimator b uses the closed-form KL of a Gaussian posterior; "
                    + "the " + model.posteriorFlow().id() + " posterior flow has none: use estimator a or iwae "
                    + "(--estimator)");
        }
        if ((model.plainAutoencoder() || model.flow())
                && (objective.estimator() != Estimator.B
                        || objective.samples() != 1
                        || objective.beta() != 1
                        || objective.warmupEpochs() != 0
                        || objective.freeBits() != 0)) {
            String minimised = model.flow() ? "the exact −log p(x)" : "−log p(x|z=enc(x))";
            throw new InvalidInputException("objective.estimator, samples, beta, warmupEpochs and freeBits apply to "
                    + "VAEs; a " + model.type() + " minimises " + minimised + " with no sampling and no KL "
                    + "term, so leave them at b, 1, 1, 0 and 0 (got "
                    + objective.estimator().id() + ", " + objective.samples()
                    + ", " + objective.beta() + ", " + objective.warmupEpochs() + ", " + objective.freeBits() + ")");
        }
        if (model.flow() && data.binarization() != Binarization.NONE) {
            throw new InvalidInputException("a " + model.type() + " flow models the values as they are (continuous, or "
                    + "8-bit with model.dequantize): set data.binarization (--binarize) to none, got "
                    + data.binarization().id());
        }
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
}
