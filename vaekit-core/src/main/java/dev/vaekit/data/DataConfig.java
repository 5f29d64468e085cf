package dev.vaekit.data;

import dev.vaekit.InvalidInputException;

/**
 * What to train on.
 *
 * @param dataset a dataset spec: {@code mnist}, {@code fashion-mnist}, {@code mnist-mini} or {@code csv:PATH}
 * @param binarization none, static (one draw) or dynamic (a fresh Bernoulli draw of every training batch)
 * @param validationFraction share of the training rows held out for validation, in [0, 1)
 * @param binarizationSeed seed of the one-off draw of static training data and of the validation and test sets
 */
public record DataConfig(String dataset, Binarization binarization, double validationFraction, long binarizationSeed) {

    /** Validates every field. */
    public DataConfig {
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidInputException(
                    "data.dataset must be set, e.g. mnist, fashion-mnist, mnist-mini or csv:PATH");
        }
        if (binarization == null) {
            throw new InvalidInputException("data.binarization must be set (none, static or dynamic)");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidInputException("data.validationFraction must be in [0, 1), got " + validationFraction);
        }
    }
}
