package dev.vaekit.data;

import java.util.Objects;

/**
 * A training set and, where the source has one, its separate test set.
 *
 * @param train the training rows (never {@code null})
 * @param test the test rows, or {@code null} when the source has no test set (e.g. a single CSV file)
 */
public record DatasetSplit(Dataset train, Dataset test) {

    /** Checks that the training set is present. */
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
    }

    /** @return whether a test set is present */
    public boolean hasTest() {
        return test != null;
    }
}
