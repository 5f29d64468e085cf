package dev.vaekit.train;

/**
 * Stops training at the first non-finite loss, before the bad step is applied to the weights or saved; the last
 * checkpoint on disk stays the last good epoch.
 */
public final class NanGuard implements TrainingListener {
    private int epoch;

    @Override
    public void onEpochStart(Trainer trainer, int epochNumber) {
        this.epoch = epochNumber;
    }

    @Override
    public void onBatchEnd(Trainer trainer, int batch, double loss) {
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException(String.format(
                    "training diverged: loss is %s at epoch %d, batch %d; the last checkpoint holds epoch %d "
                            + "(try a lower --lr or --clip-norm)",
                    loss, epoch, batch, trainer.state().epochsDone()));
        }
    }
}
