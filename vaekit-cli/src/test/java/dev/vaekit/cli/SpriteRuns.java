package dev.vaekit.cli;

import java.nio.file.Path;

/** Quick runs on the generated small sprite set ({@code dsprites-small}, 32×32 images with known factors). */
final class SpriteRuns {
    private SpriteRuns() {}

    /**
     * Trains a dense model of 32 hidden units and a 4-dimensional code for one epoch of dsprites-small.
     *
     * @param runDir the run folder
     * @param model its type, e.g. {@code dense-vae} or {@code dense-wae-mmd}
     * @return the run folder
     */
    static Path train(Path runDir, String model) {
        Cli.ok(
                "train",
                "--dataset",
                "dsprites-small",
                "--model",
                model,
                "--hidden",
                "32",
                "--latent-dim",
                "4",
                "--epochs",
                "1",
                "--batch-size",
                "64",
                "--threads",
                "1",
                "--quiet",
                "--out",
                runDir.toString());
        return runDir;
    }
}
