package dev.vaekit.cli;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.DatasetSplit;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.io.Checkpoint;
import dev.vaekit.models.Vae;
import java.nio.file.Path;

/** A verified run folder's model, plus its test data the way evaluation sees it. */
final class LoadedRun implements AutoCloseable {
    final Path runDir;
    final NDManager manager;
    final Checkpoint.Loaded checkpoint;

    LoadedRun(Path runDir) {
        this.runDir = runDir;
        this.manager = Engines.newManager();
        try {
            this.checkpoint = Checkpoint.load(runDir, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    Vae model() {
        return checkpoint.model();
    }

    /**
     * The test split of the run's dataset, binarised once with the run's binarisation seed when the run trained on
     * binarised data.
     *
     * @param dataDir dataset folder, or null
     * @param limit at most this many rows (0 = all)
     * @return the test rows
     */
    Dataset testData(Path dataDir, int limit) {
        DatasetSplit split = Datasets.load(checkpoint.config().data().dataset(), dataDir);
        Dataset test = split.test();
        if (test == null) {
            throw new InvalidInputException(
                    "dataset " + checkpoint.config().data().dataset() + " has no test split to evaluate on");
        }
        if (limit > 0 && limit < test.size()) {
            test = test.slice(0, limit);
        }
        if (checkpoint.config().data().binarization() != Binarization.NONE) {
            test = Binarization.sample(test, binarizationSeed());
        }
        return test;
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
