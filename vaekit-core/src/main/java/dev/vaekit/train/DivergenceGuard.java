package dev.vaekit.train;

/**
 * Stops training when it diverges, before a bad step reaches a checkpoint: at the first non-finite loss (its update
 * was not applied), at the first update that made a weight non-finite, or after {@value #MAX_CONSECUTIVE_SKIPS} steps
 * in a row whose loss was finite but whose gradient was not (each of those updates was skipped). A model's auxiliary
 * objective (FactorVAE's discriminator) is watched the same way: its step's outcome is reported when the model's step
 * was applied and its own was not ({@link StepResult#objective}). The last checkpoint on disk stays the last good
 * epoch.
 */
public final class DivergenceGuard implements TrainingListener {
    /** Steps in a row with a finite loss but a non-finite gradient after which training stops. */
    public static final int MAX_CONSECUTIVE_SKIPS = 10;

    private int consecutiveSkips;

    @Override
    public void onBatchEnd(Trainer trainer, StepResult step) {
        int done = trainer.state().epochsDone();
        switch (step.outcome()) {
            case APPLIED -> consecutiveSkips = 0;
            case NON_FINITE_LOSS -> throw new TrainingDivergedException(String.format(
                    "training diverged: %s is %s at epoch %d, batch %d; the last checkpoint holds epoch %d "
                            + "(try a lower --lr or --clip-norm)",
                    step.what(), step.loss(), step.epoch(), step.batch(), done));
            case NON_FINITE_WEIGHTS -> throw new TrainingDivergedException(String.format(
                    "training diverged: a weight%s became non-finite at epoch %d, batch %d; the last checkpoint "
                            + "holds epoch %d (try a lower --lr or --clip-norm)",
                    step.objective() == null ? "" : " of the " + step.objective(), step.epoch(), step.batch(), done));
            case NON_FINITE_GRADIENT -> {
                if (++consecutiveSkips >= MAX_CONSECUTIVE_SKIPS) {
                    throw new TrainingDivergedException(String.format(
                            "training diverged: %d steps in a row had a non-finite gradient (the %s, %s, is finite), "
                                    + "the last at epoch %d, batch %d; the last checkpoint holds epoch %d (try a lower "
                                    + "--lr or --clip-norm)",
                            consecutiveSkips, step.what(), step.loss(), step.epoch(), step.batch(), done));
                }
            }
        }
    }
}
