package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data options of the {@code compare} baseline commands, and the rows they give: the data set's own split (a CSV
 * file, which has none, gives its last fifth to the test set), each cut to its first N rows.
 */
final class ComparisonData {
    @Option(names = "--dataset", paramLabel = "SPEC", required = true, description = "Data set (as for train).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Look for datasets here first.")
    Path dataDir;

    @Option(names = "--train-n", paramLabel = "N", description = "Training rows used (default ${DEFAULT-VALUE}).")
    int trainN = 10000;

    @Option(names = "--test-n", paramLabel = "N", description = "Test rows scored (default ${DEFAULT-VALUE}).")
    int testN = 1000;

    /**
     * The training and test rows.
     *
     * @param train training rows
     * @param test test rows
     */
    record Rows(Dataset train, Dataset test) {}

    Rows load() {
        if (trainN < 2 || testN < 1) {
            throw new InvalidInputException(
                    "--train-n must be >= 2 and --test-n >= 1, got " + trainN + " and " + testN);
        }
        DatasetSplit split = Datasets.load(dataset, dataDir);
        // the classical baselines hold their data in memory
        Dataset train = split.train().materialize("the comparison", Integer.MAX_VALUE);
        Dataset test = split.test() == null ? null : split.test().materialize("the comparison", Integer.MAX_VALUE);
        if (test == null) {
            int cut = train.size() - train.size() / 5;
            test = train.slice(cut, train.size());
            train = train.slice(0, cut);
        }
        return new Rows(train.slice(0, Math.min(trainN, train.size())), test.slice(0, Math.min(testN, test.size())));
    }
}
