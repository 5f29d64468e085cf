package dev.vaekit.train;

/** Stops training when the validation loss has not improved for {@code patience} epochs. */
public final class EarlyStopping implements TrainingListener {
    private final int patience;

    /** @param patience epochs without improvement to tolerate, ≥ 1 */
    public EarlyStopping(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        this.patience = patience;
    }

    @Override
    public void onEpochEnd(Trainer trainer, EpochMetrics metrics, TrainerState state) {
        if (state.epochsWithoutImprovement() >= patience) {
            trainer.requestStop(String.format(
                    "early stop after epoch %d: validation loss has not improved on %.4f for %d epochs",
                    metrics.epoch(), state.bestValidationLoss(), patience));
        }
    }
}
