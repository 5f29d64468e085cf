package dev.vaekit.train;

import java.nio.file.Path;

/**
 * Commits a checkpoint of the run folder after every epoch (and so never after a diverged one: the NaN guard stops
 * training before the epoch ends); an epoch that lowers the validation loss also becomes the run's best weights,
 * which early stopping leaves in place and the commands that use a model load by default.
 */
public final class CheckpointListener implements TrainingListener {
    private final Path runDir;

    /** @param runDir the run folder */
    public CheckpointListener(Path runDir) {
        this.runDir = runDir;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
        boolean best = !Double.isNaN(metrics.validationLoss()) && state.epochsWithoutImprovement() == 0;
        Checkpoint.save(
                runDir,
                trainer.config(),
                trainer.model(),
                trainer.optimizer(),
                trainer.auxiliary().orElse(null),
                state,
                best);
    }
}
