package dev.vaekit.cli;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.data.ImageFolderSource;
import dev.vaekit.data.Table;
import dev.vaekit.data.TableSchema;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Autoencoder;
import dev.vaekit.train.Checkpoint;
import java.nio.file.Path;
import java.util.List;

/** A verified run folder's model, plus its test data the way evaluation sees it. */
final class LoadedRun implements AutoCloseable {
    final Path runDir;
    final NDManager manager;
    final Checkpoint.Loaded checkpoint;
    private List<String> labelNames;

    /** Loads the run's best weights (its last ones when it had no validation data). */
    LoadedRun(Path runDir) {
        this(runDir, Checkpoint.Weights.BEST);
    }

    LoadedRun(Path runDir, Checkpoint.Weights weights) {
        this.runDir = runDir;
        this.manager = Engines.newManager();
        try {
            this.checkpoint = Checkpoint.load(runDir, manager, weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** @return which weights are loaded, e.g. {@code "weights of epoch 7 of 10, the best on validation"} */
    String weightsDescription() {
        return checkpoint.weightsDescription();
    }

    /**
     * @return the model as an autoencoder
     * @throws InvalidInputException if the run holds a stand-alone flow
     */
    Autoencoder model() {
        return checkpoint.autoencoder();
    }

    /**
     * The test split of the run's dataset, binarised once with the run's binarisation seed when the run trained on
     * binarised data.
     *
     * @param dataDir dataset folder, or null
     * @param limit at most this many rows (0 = all)
     * @return the test rows
     */
    DataSource testData(Path dataDir, int limit) {
        return data(null, "test", dataDir, limit);
    }

    /**
     * The test rows [from, from + limit) of the run's own dataset, each prepared exactly as in the whole set (a row's
     * binarisation depends on its index in the whole).
     *
     * @param dataDir dataset folder, or null
     * @param from the first row, 0-based
     * @param limit at most this many rows (0 = all from {@code from} on)
     * @return the rows
     * @throws InvalidInputException if {@code from} is not a row of the test set
     */
    DataSource testData(Path dataDir, int from, int limit) {
        if (from == 0) {
            return testData(dataDir, limit);
        }
        DataSource prefix = data(null, "test", dataDir, limit == 0 ? 0 : from + limit);
        if (from >= prefix.size()) {
            throw new InvalidInputException(
                    "--from " + from + " is past the test set's last example (" + (prefix.size() - 1) + ")");
        }
        return prefix.slice(from, prefix.size());
    }

    /**
     * Rows of a dataset prepared the way the run saw its data: binarised once (with the run's binarisation seed) when
     * the run trained on binarised data.
     *
     * @param spec dataset spec, or null for the run's own dataset
     * @param split {@code test} or {@code train} (the value of a {@code --split} option)
     * @param dataDir dataset folder, or null
     * @param limit at most this many rows (0 = all)
     * @return the rows
     * @throws InvalidInputException if the split is unknown or missing or the examples have another shape than the model's
     */
    DataSource data(String spec, String split, Path dataDir, int limit) {
        if (!split.equals("test") && !split.equals("train")) {
            throw new InvalidInputException("--split must be test or train, got '" + split + "'");
        }
        boolean test = split.equals("test");
        String name = spec != null ? spec : checkpoint.config().data().dataset();
        TableSchema schema = checkpoint.config().data().schema();
        DataSource rows;
        labelNames = null;
        if (schema != null) {
            // A table is encoded with the schema fitted in training; a file given with --dataset is used whole.
            if (spec == null && test) {
                throw new InvalidInputException("dataset " + name + " has no test split; pass the rows to use with "
                        + "--dataset csv:PATH, or use --split train");
            }
            Table table = Datasets.loadTable(name);
            TableSchema.Encoded encoded = schema.encode(table, table.name());
            rows = encoded.dataset();
            labelNames = encoded.labelNames();
        } else {
            DataConfig data = checkpoint.config().data();
            DatasetSplit parts =
                    Datasets.load(spec == null ? data : data.withDataset(name), dataDir, System.err::println);
            labelNames = folderLabels(parts);
            rows = test ? parts.test() : parts.train();
            if (rows == null) {
                throw new InvalidInputException("dataset " + name + " has no test split; use --split train");
            }
        }
        List<Integer> shape = List.of(rows.channels(), rows.height(), rows.width());
        List<Integer> expected = checkpoint.config().model().inputShape();
        if (!shape.equals(expected) && rows.dim() != checkpoint.config().model().inputDim()) {
            throw new InvalidInputException("dataset " + name + " has examples of shape " + shape + "; the model in "
                    + runDir + " takes " + expected);
        }
        if (limit > 0 && limit < rows.size()) {
            rows = rows.slice(0, limit);
        }
        if (checkpoint.config().data().binarization() != Binarization.NONE) {
            rows = Binarization.sample(rows, binarizationSeed());
        }
        return rows;
    }

    /** @return a folder's class names, or null for data whose labels are numbers */
    private static List<String> folderLabels(DatasetSplit parts) {
        return parts.train() instanceof DataSource.Selection selection
                        && selection.source() instanceof ImageFolderSource folder
                        && !folder.labelNames().isEmpty()
                ? folder.labelNames()
                : null;
    }

    /**
     * @return the label texts of the table last loaded by {@link #data}, by label id, or null when its labels are
     *     integers or it is not a table
     */
    List<String> labelNames() {
        return labelNames;
    }

    /** @return the seed of the test set's one binarisation */
    long binarizationSeed() {
        return checkpoint.config().data().binarizationSeed();
    }

    @Override
    public void close() {
        checkpoint.model().close();
        manager.close();
    }
}
