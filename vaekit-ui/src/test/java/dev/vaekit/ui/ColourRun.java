package dev.vaekit.ui;

import dev.vaekit.data.ColouredMnist;
import dev.vaekit.data.Datasets;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.TrainingSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small trained colour run shared by the explorer's tests: a convolutional VAE with a Gaussian decoder and a 2-D
 * latent space, 4 epochs on a folder of 300 coloured 16 × 16 digits read at 12 × 12 (a few seconds).
 */
final class ColourRun {
    /** The images' side. */
    static final int SIZE = 12;

    private static Path folder;
    private static Path images;

    private ColourRun() {}

    /** @return the run folder, trained on first use */
    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("vaekit-ui-colour");
                images = dir.resolve("digits");
                // written at 16 × 16 and read at 12 × 12 (--image-size), so that only the run's settings read them
                // right
                ColouredMnist.write(Datasets.load("mnist-mini", null).trainRows(), images, 300, 16, 3, true);
                RunConfig config = Configs.build(
                        null,
                        Map.ofEntries(
                                Map.entry("data.dataset", Datasets.FOLDER_PREFIX + images),
                                Map.entry("data.channels", 3),
                                Map.entry("data.imageSize", SIZE),
                                Map.entry("data.binarization", "none"),
                                Map.entry("model.type", "conv-vae"),
                                Map.entry("model.likelihood", "gaussian"),
                                Map.entry("model.hidden", List.of(8, 16)),
                                Map.entry("model.latentDim", 2),
                                Map.entry("training.epochs", 4),
                                Map.entry("training.batchSize", 30),
                                Map.entry("training.learningRate", 0.003),
                                Map.entry("training.seed", 5L)));
                folder = dir.resolve("colour");
                TrainingSession.run(config, folder, null, false, List.of());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }
}
