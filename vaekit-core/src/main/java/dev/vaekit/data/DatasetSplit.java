package dev.vaekit.data;

import java.util.Objects;

/**
 * A training set and, where the source has one, its separate test set.
 *
 * @param train the training rows (never {@code null})
 * @param test the test rows, or {@code null} when the source has no test set (e.g. a single CSV file)
 * @param sourceHash for a folder of images, the hash of its images (paths, classes and bytes), which a run records;
 *     null otherwise
 */
public record DatasetSplit(DataSource train, DataSource test, String sourceHash) {

    /** A split of data that are not a folder of images. */
    public DatasetSplit(DataSource train, DataSource test) {
        this(train, test, null);
    }

    /** Checks that the training set is present. */
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
    }

    /** @return the training rows in memory (copied from their source unless they are in memory already) */
    public Dataset trainRows() {
        return train.materialize(train.name(), Integer.MAX_VALUE - 8);
    }

    /** @return the test rows in memory, or null when there is no test set */
    public Dataset testRows() {
        return test == null ? null : test.materialize(test.name(), Integer.MAX_VALUE - 8);
    }

    /** @return whether a test set is present */
    public boolean hasTest() {
        return test != null;
    }
}
