package dev.vaekit.train;

import dev.vaekit.InvalidInputException;

/**
 * How to train.
 *
 * @param epochs passes over the training data, ≥ 1
 * @param batchSize M, examples per step, ≥ 1
 * @param learningRate Adam's step size, > 0
 * @param adamBeta1 Adam's β₁ in [0, 1)
 * @param adamBeta2 Adam's β₂ in [0, 1)
 * @param schedule learning-rate schedule over epochs
 * @param lrDecay per-epoch factor of the exponential schedule, in (0, 1]
 * @param clipNorm global gradient-norm bound; 0 turns clipping off
 * @param patience epochs without a better validation loss before stopping early; 0 turns early stopping off
 * @param seed seeds initialisation, data order, sampling and dynamic binarisation
 * @param emaDecay d in [0, 1) of the exponential moving average of the weights (Polyak averaging) kept beside them
 *     and used by the commands that use the run; 0 keeps none. 0.999 averages over about the last 1000 steps
 */
public record TrainingConfig(
        int epochs,
        int batchSize,
        double learningRate,
        double adamBeta1,
        double adamBeta2,
        LrSchedule schedule,
        double lrDecay,
        double clipNorm,
        int patience,
        long seed,
        double emaDecay) {

    /** Validates every field. */
    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidInputException("training.epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("training.batchSize must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException("training.learningRate must be a finite number > 0, got " + learningRate);
        }
        if (!(adamBeta1 >= 0 && adamBeta1 < 1) || !(adamBeta2 >= 0 && adamBeta2 < 1)) {
            throw new InvalidInputException(
                    "training.adamBeta1 and adamBeta2 must be in [0, 1), got " + adamBeta1 + " and " + adamBeta2);
        }
        if (schedule == null) {
            throw new InvalidInputException("training.schedule must be set (constant, cosine or exponential)");
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new InvalidInputException("training.lrDecay must be in (0, 1], got " + lrDecay);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new InvalidInputException("training.clipNorm must be >= 0 (0 = off), got " + clipNorm);
        }
        if (patience < 0) {
            throw new InvalidInputException("training.patience must be >= 0 (0 = off), got " + patience);
        }
        if (!(emaDecay >= 0 && emaDecay < 1)) {
            throw new InvalidInputException("training.emaDecay must be in [0, 1) (0 = off), got " + emaDecay);
        }
    }

    /** @return the learning rate of a 0-based epoch under the schedule */
    public double learningRateAt(int epoch) {
        return schedule.rate(learningRate, lrDecay, epoch, epochs);
    }

    /** @return a copy that trains for another number of epochs (a resumed run's new total) */
    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(
                newEpochs,
                batchSize,
                learningRate,
                adamBeta1,
                adamBeta2,
                schedule,
                lrDecay,
                clipNorm,
                patience,
                seed,
                emaDecay);
    }

    /** @return a copy that keeps a weight average of decay d (0 = none): a resumed run may start or stop averaging */
    public TrainingConfig withEmaDecay(double d) {
        return new TrainingConfig(
                epochs, batchSize, learningRate, adamBeta1, adamBeta2, schedule, lrDecay, clipNorm, patience, seed, d);
    }
}
