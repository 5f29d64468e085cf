package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Configs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The autoregressive and the flow models on a folder of colour images, through the commands: a colour PixelVAE (its
 * PixelCNN drawing each pixel colour by colour, with PixelCNN++'s colour logistic), RealNVP and Glow (dequantized 8-bit
 * colour) train, give bits/dim over every colour value, and draw colour pictures on the 256-level grid.
 */
class ColourModelCommandsTest {
    private static final int SIZE = 8;
    private static final int D = 3 * SIZE * SIZE;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path folder;

    @BeforeAll
    static void train() {
        folder = ColourRuns.digits(shared.resolve("digits"), 200, SIZE, 7);
        List<String> pixelVae = new ArrayList<>(TinyRuns.tinyPixelVae(2, 6));
        pixelVae.addAll(List.of("--likelihood", "discretized-logistic", "--mixture-components", "2"));
        train("pixel-vae", pixelVae);
        for (String flow : List.of("realnvp", "glow")) {
            train(
                    flow,
                    List.of(
                            "--model",
                            flow,
                            "--dequantize",
                            "--hidden",
                            "8",
                            "--flow-levels",
                            "2",
                            "--flow-length",
                            "1"));
        }
    }

    private static void train(String name, List<String> modelArgs) {
        List<String> args = new ArrayList<>(modelArgs);
        args.addAll(List.of("--epochs", "1", "--batch-size", "45"));
        ColourRuns.train(folder, shared.resolve(name), args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pixel-vae", "realnvp", "glow"})
    void evalGivesBitsPerDimensionOverEveryColourValue(String model) {
        Path run = shared.resolve(model);

        ColourRuns.evalBitsPerDim(run, 2, 6, D);

        assertThat(Configs.read(run.resolve("config.json")).model().inputShape())
                .containsExactly(3, SIZE, SIZE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pixel-vae", "realnvp", "glow"})
    void samplesAreColourPicturesOnThe256LevelGrid(String model) {
        Path png = dir.resolve(model + ".png");

        Cli.ok("sample", shared.resolve(model).toString(), "--n", "2", "--columns", "2", "-o", png.toString());

        // the colours of a pixel differ
        assertThat(ColourRuns.colouredPixels(png)).as(model).isPositive();
        BufferedImage img = TinyRuns.png(png);
        assertThat(img.getWidth()).isEqualTo(2 + 2 * (2 * SIZE + 2));
    }

    @Test
    void aColourPixelVaeReconstructsByDrawingFromItsDecoder() {
        Path png = dir.resolve("reconstructions.png");

        Cli.ok("reconstruct", shared.resolve("pixel-vae").toString(), "--n", "2", "-o", png.toString());

        assertThat(ColourRuns.colouredPixels(png)).isPositive();
    }
}
