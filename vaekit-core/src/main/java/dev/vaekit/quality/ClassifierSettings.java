package dev.vaekit.quality;

import dev.vaekit.InvalidInputException;

/**
 * How the feature classifier ({@link FeatureClassifier}) is trained: Adam (Kingma &amp; Ba 2015) on the softmax
 * cross-entropy of the data set's labels, in shuffled mini-batches, with no validation split and no early stopping
 * (the last weights are kept). Every field is part of the classifier's cache key.
 *
 * @param epochs passes over the training images, or 0 for as many as show the classifier about {@value
 *     #DEFAULT_EXAMPLES} images (at least 1, at most {@value #MAX_DEFAULT_EPOCHS}; {@link #epochsFor})
 * @param batchSize images per step
 * @param learningRate Adam's step size α
 * @param seed seed of the initial weights and of the order of the images
 */
public record ClassifierSettings(int epochs, int batchSize, double learningRate, long seed) {

    /** The images an automatic number of epochs shows the classifier, about. */
    public static final int DEFAULT_EXAMPLES = 100_000;

    /** The most epochs an automatic number gives (for very small data sets). */
    public static final int MAX_DEFAULT_EPOCHS = 50;

    /** The most epochs one may ask for. */
    public static final int MAX_EPOCHS = 1000;

    /** Validates every field. */
    public ClassifierSettings {
        if (epochs < 0 || epochs > MAX_EPOCHS) {
            throw new InvalidInputException("classifier epochs must be in [0, " + MAX_EPOCHS + "] (0: about "
                    + DEFAULT_EXAMPLES + " images' worth), got " + epochs);
        }
        if (batchSize < 1 || batchSize > 4096) {
            throw new InvalidInputException("classifier batch size must be in [1, 4096], got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new InvalidInputException(
                    "classifier learning rate must be a finite number > 0, got " + learningRate);
        }
    }

    /** @return the defaults: an automatic number of epochs, batches of 64, α = 0.001, seed 0 */
    public static ClassifierSettings defaults() {
        return new ClassifierSettings(0, 64, 1e-3, 0);
    }

    /**
     * @param value passes over the training images, 0 for the automatic number
     * @return these settings with that number of epochs
     */
    public ClassifierSettings withEpochs(int value) {
        return new ClassifierSettings(value, batchSize, learningRate, seed);
    }

    /**
     * @param value the seed of the initial weights and of the order of the images
     * @return these settings with that seed
     */
    public ClassifierSettings withSeed(long value) {
        return new ClassifierSettings(epochs, batchSize, learningRate, value);
    }

    /**
     * @param trainImages the images the classifier trains on
     * @return the epochs to train: {@link #epochs} when set, else ⌈{@value #DEFAULT_EXAMPLES} / images⌉ clamped to [1,
     *     {@value #MAX_DEFAULT_EPOCHS}]
     */
    public int epochsFor(int trainImages) {
        if (epochs > 0) {
            return epochs;
        }
        long auto = (DEFAULT_EXAMPLES + (long) trainImages - 1) / Math.max(1, trainImages);
        return (int) Math.max(1, Math.min(MAX_DEFAULT_EPOCHS, auto));
    }
}
