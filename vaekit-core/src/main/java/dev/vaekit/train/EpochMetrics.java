package dev.vaekit.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}. Losses are per datapoint, in nats: loss = −(reconstruction − weight·KL).
 *
 * @param epoch 1-based epoch
 * @param seconds wall time of the epoch's training steps (validation excluded)
 * @param samplesPerSecond training examples per second
 * @param learningRate rate used this epoch
 * @param klWeight KL weight at the end of the epoch
 * @param trainLoss mean training loss
 * @param trainReconstruction mean E_q log p(x|z) on training batches
 * @param trainKl mean KL estimate on training batches
 * @param trainBound mean unweighted bound (ELBO, or IWAE bound) on training batches
 * @param validationLoss the model's validation loss ({@link dev.vaekit.models.Model#validationLoss}: −ELBO with one
 *     sample for a VAE) on the validation set, NaN if there is none
 * @param validationReconstruction its reconstruction term
 * @param validationKl its KL term
 * @param validationSeconds wall time of the validation pass
 * @param skippedSteps steps whose update was skipped because the gradient was not finite
 * @param trainTerms means of the model's further training terms by name ({@link dev.vaekit.objectives.Loss#extra}),
 *     in order; empty for models without any (and then left out of the file)
 */
public record EpochMetrics(
        int epoch,
        double seconds,
        double samplesPerSecond,
        double learningRate,
        double klWeight,
        double trainLoss,
        double trainReconstruction,
        double trainKl,
        double trainBound,
        double validationLoss,
        double validationReconstruction,
        double validationKl,
        double validationSeconds,
        int skippedSteps,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> trainTerms) {

    /** Copies the terms (none if null: lines written before vaekit recorded them). */
    public EpochMetrics {
        trainTerms = trainTerms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(trainTerms));
    }

    /** Metrics without further training terms. */
    public EpochMetrics(
            int epoch,
            double seconds,
            double samplesPerSecond,
            double learningRate,
            double klWeight,
            double trainLoss,
            double trainReconstruction,
            double trainKl,
            double trainBound,
            double validationLoss,
            double validationReconstruction,
            double validationKl,
            double validationSeconds,
            int skippedSteps) {
        this(
                epoch,
                seconds,
                samplesPerSecond,
                learningRate,
                klWeight,
                trainLoss,
                trainReconstruction,
                trainKl,
                trainBound,
                validationLoss,
                validationReconstruction,
                validationKl,
                validationSeconds,
                skippedSteps,
                Map.of());
    }

    /**
     * @param validation the validation pass's means
     * @param passSeconds its wall time
     * @return a copy holding them
     */
    public EpochMetrics withValidation(ValidationLoss.Summary validation, double passSeconds) {
        return new EpochMetrics(
                epoch,
                seconds,
                samplesPerSecond,
                learningRate,
                klWeight,
                trainLoss,
                trainReconstruction,
                trainKl,
                trainBound,
                validation.loss(),
                validation.reconstruction(),
                validation.kl(),
                passSeconds,
                skippedSteps,
                trainTerms);
    }
}
