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

    /** @return the state before training */
    public static TrainerState initial() {
        return new TrainerState(0, 0, Double.NaN, 0);
    }
}
