package dev.vaekit.cli;

import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import java.nio.file.Path;

/**
 * The training and test rows a {@code compare} baseline command works on: the data set's own split (a CSV file,
 * which has none, gives its last fifth to the test set), each cut to its first N rows.
 *
 * @param train training rows
 * @param test test rows
 */
record ComparisonData(Dataset train, Dataset test) {
    static ComparisonData load(String dataset, Path dataDir, int trainN, int testN) {
        DatasetSplit split = Datasets.load(dataset, dataDir);
        Dataset train = split.train();
        Dataset test = split.test();
        if (test == null) {
            int cut = train.size() - train.size() / 5;
            test = train.slice(cut, train.size());
            train = train.slice(0, cut);
        }
        return new ComparisonData(
                train.slice(0, Math.min(trainN, train.size())), test.slice(0, Math.min(testN, test.size())));
    }
}
