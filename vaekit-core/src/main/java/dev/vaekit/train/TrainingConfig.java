package dev.vaekit.train;

import dev.vaekit.InvalidInputException;
import dev.vaekit.util.ConfigField;

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
 * @param batchesPerEpoch steps per epoch, each epoch on the first of a fresh random permutation's batches (PyTorch
 *     Lightning's {@code limit_train_batches}): a step budget below one pass over large data, with a checkpoint every
 *     epoch; 0 (the default) passes over all the training rows
 */
public record TrainingConfig(
        @ConfigField(flag = "--epochs", label = "N", value = "Epochs.") int epochs,
        @ConfigField(flag = "--batch-size", label = "M", value = "Minibatch size.") int batchSize,
        @ConfigField(flag = "--lr", label = "RATE", value = "Adam learning rate.") double learningRate,
        @ConfigField(flag = "--adam-beta1", label = "B1", value = "Adam β₁.") double adamBeta1,
        @ConfigField(flag = "--adam-beta2", label = "B2", value = "Adam β₂.") double adamBeta2,
        @ConfigField(
                        flag = "--schedule",
                        label = "S",
                        value = "Learning-rate schedule: constant, cosine or exponential.")
                LrSchedule schedule,
        @ConfigField(flag = "--lr-decay", label = "F", value = "Per-epoch factor of the exponential schedule.")
                double lrDecay,
        @ConfigField(flag = "--clip-norm", label = "N", value = "Clip the global gradient norm (0: off).")
                double clipNorm,
        @ConfigField(
                        flag = "--patience",
                        label = "N",
                        value = "Early-stop after N epochs without a better validation loss (0: off).")
                int patience,
        @ConfigField(flag = "--seed", label = "SEED", value = "Seed of initialisation, data order and sampling.")
                long seed,
        @ConfigField(
                        flag = "--ema-decay",
                        label = "D",
                        value = "Keep an exponential moving average of the weights with decay D in [0, 1) (Polyak "
                                + "averaging; 0.9995 averages over about the last 2000 steps) and use it in the "
                                + "commands; 0: off. May be given with --resume to start or stop averaging.")
                double emaDecay,
        @ConfigField(
                        flag = "--batches-per-epoch",
                        label = "N",
                        value = "Steps per epoch, each epoch on N batches of a fresh random permutation of the "
                                + "training rows: a step budget below one pass over large data, with a checkpoint "
                                + "every epoch (0: every row once per epoch).")
                int batchesPerEpoch) {

    /** The exponential schedule's default per-epoch factor. */
    public static final double DEFAULT_LR_DECAY = 0.95;

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
        if (batchesPerEpoch < 0) {
            throw new InvalidInputException(
                    "training.batchesPerEpoch must be >= 0 (0 = all the rows), got " + batchesPerEpoch);
        }
    }

    /** @return the learning rate of a 0-based epoch under the schedule */
    public double learningRateAt(int epoch) {
        return schedule.rate(learningRate, lrDecay, epoch, epochs);
    }

    /** @return a copy that trains for another number of epochs (a resumed run's new total) */
    public TrainingConfig withEpochs(int newEpochs) {
        return toBuilder().epochs(newEpochs).build();
    }

    /** @return a builder holding the defaults: 10 epochs of 128-example batches, Adam at 1e-3, seed 1 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from this config */
    public Builder toBuilder() {
        return new Builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .learningRate(learningRate)
                .adamBeta1(adamBeta1)
                .adamBeta2(adamBeta2)
                .schedule(schedule)
                .lrDecay(lrDecay)
                .clipNorm(clipNorm)
                .patience(patience)
                .seed(seed)
                .emaDecay(emaDecay)
                .batchesPerEpoch(batchesPerEpoch);
    }

    /** @return a copy that keeps a weight average of decay d (0 = none): a resumed run may start or stop averaging */
    public TrainingConfig withEmaDecay(double d) {
        return toBuilder().emaDecay(d).build();
    }

    /** Builds a {@link TrainingConfig}; it starts from the defaults. */
    public static final class Builder {
        private int epochs = 10;
        private int batchSize = 128;
        private double learningRate = 1e-3;
        private double adamBeta1 = 0.9;
        private double adamBeta2 = 0.999;
        private LrSchedule schedule = LrSchedule.CONSTANT;
        private double lrDecay = DEFAULT_LR_DECAY;
        private double clipNorm = 0;
        private int patience = 0;
        private long seed = 1;
        private double emaDecay = 0;
        private int batchesPerEpoch = 0;

        private Builder() {}

        /** @param value epochs @return this builder */
        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        /** @param value examples per step @return this builder */
        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        /** @param value Adam's step size @return this builder */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /** @param value Adam's β₁ @return this builder */
        public Builder adamBeta1(double value) {
            this.adamBeta1 = value;
            return this;
        }

        /** @param value Adam's β₂ @return this builder */
        public Builder adamBeta2(double value) {
            this.adamBeta2 = value;
            return this;
        }

        /** @param value the learning-rate schedule @return this builder */
        public Builder schedule(LrSchedule value) {
            this.schedule = value;
            return this;
        }

        /** @param value the exponential schedule's per-epoch factor @return this builder */
        public Builder lrDecay(double value) {
            this.lrDecay = value;
            return this;
        }

        /** @param value global gradient-norm bound, 0 for none @return this builder */
        public Builder clipNorm(double value) {
            this.clipNorm = value;
            return this;
        }

        /** @param value epochs without improvement before stopping, 0 for never @return this builder */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        /** @param value the run's seed @return this builder */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** @param value decay of the weight average, 0 for none @return this builder */
        public Builder emaDecay(double value) {
            this.emaDecay = value;
            return this;
        }

        /** @param value steps per epoch, 0 for a full pass @return this builder */
        public Builder batchesPerEpoch(int value) {
            this.batchesPerEpoch = value;
            return this;
        }

        /** @return the validated config */
        public TrainingConfig build() {
            return new TrainingConfig(
                    epochs,
                    batchSize,
                    learningRate,
                    adamBeta1,
                    adamBeta2,
                    schedule,
                    lrDecay,
                    clipNorm,
                    patience,
                    seed,
                    emaDecay,
                    batchesPerEpoch);
        }
    }
}
