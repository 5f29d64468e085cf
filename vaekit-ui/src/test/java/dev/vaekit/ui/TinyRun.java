package dev.vaekit.ui;

import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small trained run shared by the explorer's tests: a 784-32-2 VAE, 3 epochs of mnist-mini (a few seconds). */
final class TinyRun {
    private static Path folder;

    private TinyRun() {}

    /** @return the run folder, trained on first use */
    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("vaekit-ui-run");
                folder = train(dir.resolve("tiny"), 2, 3);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** Trains a 784-32-d VAE on mnist-mini into {@code runDir}. */
    static Path train(Path runDir, int latentDim, int epochs) {
        RunConfig config = Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        "mnist-mini",
                        "model.hidden",
                        List.of(32),
                        "model.latentDim",
                        latentDim,
                        "training.epochs",
                        epochs,
                        "training.seed",
                        5L));
        TrainingSession.run(config, runDir, null, false, List.of());
        return runDir;
    }
}
