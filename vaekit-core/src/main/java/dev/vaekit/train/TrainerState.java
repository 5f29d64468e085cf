package dev.vaekit.train;

/**
 * Where a run stands after a whole number of epochs: with the weights and the optimiser's moments, all that
 * {@code --resume} needs to continue as if never stopped (the data order and every random draw of epoch e are
 * seeded from (seed, e)).
 *
 * @param epochsDone completed epochs
 * @param steps optimiser updates so far
 * @param bestValidationLoss lowest validation loss seen (NaN if none)
 * @param epochsWithoutImprovement epochs since it was seen, for early stopping
 */
public record TrainerState(int epochsDone, long steps, double bestValidationLoss, int epochsWithoutImprovement) {

    /**
     * The state after an epoch: its number and the optimiser's step count, and the best validation loss so far.
     *
     * @param metrics the epoch's measured metrics
     * @param steps optimiser updates so far
     * @return the new state
     */
    public TrainerState after(EpochMetrics metrics, long steps) {
        double loss = metrics.validationLoss();
        boolean improved = !Double.isNaN(loss) && (Double.isNaN(bestValidationLoss) || loss < bestValidationLoss);
        return new TrainerState(
                metrics.epoch(),
                steps,
                improved ? loss : bestValidationLoss,
                improved ? 0 : epochsWithoutImprovement + 1);
    }

    /** @return the state before training */
    public static TrainerState initial() {
        return new TrainerState(0, 0, Double.NaN, 0);
    }
}
