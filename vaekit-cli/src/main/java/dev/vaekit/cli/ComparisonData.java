package dev.vaekit.cli;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The data options of the {@code compare} baseline commands, and the rows they give: the data set's own split (a CSV
 * file, which has none, gives its last fifth to the test set), each cut to its first N rows.
 */
final class ComparisonData {
    @Option(
            names = "--dataset",
            paramLabel = "SPEC",
            description = "Data set, as for train (default ${DEFAULT-VALUE}).")
    String dataset = "mnist-mini";

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

    /**
     * Creates the report folder, before any work is done, so that a folder that cannot be made fails at once instead of
     * after the comparison has run.
     *
     * @param out the {@code --report}/{@code --out} folder, or null for none
     * @throws InvalidInputException naming the folder, if it cannot be created
     */
    static void createReportFolder(Path out) {
        if (out == null) {
            return;
        }
        try {
            Files.createDirectories(out);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("--report " + out + ": expected a folder, found a file at " + e.getFile());
        } catch (FileSystemException e) {
            // e.g. a file where a parent folder should be: "Not a directory"
            throw new InvalidInputException("--report " + out + ": cannot create the folder: "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw new InvalidInputException("--report " + out + ": cannot create the folder: " + e.getMessage());
        }
    }

    Rows load() {
        if (trainN < 2 || testN < 1) {
            throw new InvalidInputException(
                    "--train-n must be >= 2 and --test-n >= 1, got " + trainN + " and " + testN);
        }
        DatasetSplit split = Datasets.load(dataset, dataDir);
        DataSource train = split.train();
        DataSource test = split.test();
        if (test == null) {
            int cut = train.size() - train.size() / 5;
            test = train.slice(cut, train.size());
            train = train.slice(0, cut);
        }
        // the classical baselines hold their data in memory: only the rows they use (dsprites is rendered when read)
        return new Rows(
                train.slice(0, Math.min(trainN, train.size())).materialize("the comparison", Integer.MAX_VALUE),
                test.slice(0, Math.min(testN, test.size())).materialize("the comparison", Integer.MAX_VALUE));
    }
}
