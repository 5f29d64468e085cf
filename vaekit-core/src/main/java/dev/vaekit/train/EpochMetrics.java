package dev.vaekit.train;

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
 * @param validationLoss −ELBO on the validation set (estimator B, one sample), NaN if there is none
 * @param validationReconstruction its reconstruction term
 * @param validationKl its KL term
 * @param validationSeconds wall time of the validation pass
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
        int skippedSteps) {}
