package dev.vaekit.train;

/**
 * Watches training. Everything around the loop — progress, metrics files, checkpoints, early stopping, the NaN
 * guard, UI events — is a listener, so the loop stays small. Methods run on the training thread, in registration
 * order.
 */
public interface TrainingListener {

    /** Called once before the first epoch (after a resume: before the first remaining one). */
    default void onTrainingStart(Trainer trainer) {}

    /** Called before each epoch; {@code epoch} is 1-based. */
    default void onEpochStart(Trainer trainer, int epoch) {}

    /**
     * Called after each optimisation step.
     *
     * @param trainer the trainer
     * @param batch 1-based batch index within the epoch
     * @param loss the batch's loss, per datapoint
     */
    default void onBatchEnd(Trainer trainer, int batch, double loss) {}

    /** Called after each epoch's validation, with its metrics and the state that a checkpoint would store. */
    default void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {}

    /** Called once when training ends normally or early (not when it fails). */
    default void onTrainingEnd(Trainer trainer, TrainerState state) {}
}
