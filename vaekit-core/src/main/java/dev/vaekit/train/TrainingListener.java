package dev.vaekit.train;

/**
 * Watches training. Everything around the loop — validation, the divergence guard, progress, metrics files,
 * checkpoints, early stopping, the explorer's events — is a listener, so the loop stays small. Methods run on the
 * training thread, in registration order.
 *
 * <p>The end of an epoch has two phases: first every listener may {@link #measure} the epoch and add to its metrics
 * (validation does), then the trainer updates its state (the best validation loss so far) and every listener sees the
 * complete metrics in {@link #onEpochEnd}.
 */
public interface TrainingListener {

    /** Called once before the first epoch (after a resume: before the first remaining one). */
    default void onTrainingStart(Trainer trainer) {}

    /** Called before each epoch; {@code epoch} is 1-based. */
    default void onEpochStart(Trainer trainer, int epoch) {}

    /**
     * Called after each optimisation step, whether or not its update was applied.
     *
     * @param trainer the trainer
     * @param step what the step did
     */
    default void onBatchEnd(Trainer trainer, StepResult step) {}

    /**
     * Called after each epoch's training pass, before {@link #onEpochEnd}: measures the epoch and returns the metrics
     * with what it measured added. The default measures nothing.
     *
     * @param trainer the trainer
     * @param metrics the epoch's metrics so far
     * @return the metrics, possibly with more in them
     */
    default EpochMetrics measure(Trainer trainer, EpochMetrics metrics) {
        return metrics;
    }

    /** Called after each epoch's measurements, with its metrics and the state that a checkpoint would store. */
    default void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {}

    /** Called once when training ends normally or early (not when it fails). */
    default void onTrainingEnd(Trainer trainer, TrainerState state) {}

    /**
     * A listener that acts on each epoch's measured metrics, e.g. {@code onEpochEnd(m -> System.out.println(m))}.
     *
     * @param action what to do with each epoch's metrics
     * @return the listener
     */
    static TrainingListener onEpochEnd(java.util.function.Consumer<EpochMetrics> action) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
                action.accept(metrics);
            }
        };
    }
}
