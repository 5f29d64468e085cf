package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every picture of a colour VAE is in colour: a convolutional VAE trained on a folder of coloured digits, then sample,
 * reconstruct, interpolate (between test images and between image files), manifold and decode; and a VAE with
 * PixelCNN++'s colour logistic (Salimans et al. 2017, eq. 3) gives bits/dim over every colour value.
 */
class ColourPicturesTest {
    private static final int SIZE = 12;
    private static final int D = 3 * SIZE * SIZE;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path folder;
    private static Path run;
    private static Path logistic;

    @BeforeAll
    static void train() {
        folder = ColourRuns.digits(shared.resolve("digits"), 300, SIZE, 5);
        run = shared.resolve("run");
        logistic = shared.resolve("logistic");
        List<String> common = List.of(
                "--model",
                "conv-vae",
                "--hidden",
                "8,16",
                "--latent-dim",
                "2",
                "--epochs",
                "2",
                "--batch-size",
                "30",
                "--lr",
                "0.003");
        for (Path out : List.of(run, logistic)) {
            List<String> args = new ArrayList<>(common);
            args.addAll(
                    out == run
                            ? List.of("--likelihood", "gaussian")
                            : List.of("--likelihood", "discretized-logistic", "--mixture-components", "2"));
            ColourRuns.train(folder, out, args.toArray(String[]::new));
        }
    }

    @Test
    void evalGivesBitsPerDimensionOverEveryColourValue() {
        JsonNode o = ColourRuns.evalBitsPerDim(logistic, 3, 10, D);

        // two epochs on 270 images: near the 8 bits/dim of a uniform model (this likelihood learns slowly at first)
        assertThat(o.get("bitsPerDim").asDouble()).isBetween(4.0, 12.0);
        Path samples = dir.resolve("logistic.png");
        Cli.ok("sample", logistic.toString(), "--n", "2", "-o", samples.toString());
        assertThat(TinyRuns.png(samples).getWidth()).isEqualTo(2 + 2 * (2 * SIZE + 2));
    }

    @Test
    void samplesReconstructionsManifoldAndDecodesAreColourPictures() {
        Path samples = dir.resolve("samples.png");
        Path reconstructions = dir.resolve("reconstructions.png");
        Path manifold = dir.resolve("manifold.png");
        Path decoded = dir.resolve("decoded.png");

        Cli.ok("sample", run.toString(), "--n", "4", "--columns", "2", "-o", samples.toString());
        Cli.ok("reconstruct", run.toString(), "--n", "4", "--columns", "2", "-o", reconstructions.toString());
        Cli.ok("manifold", run.toString(), "--grid", "3", "-o", manifold.toString());
        Path codes = dir.resolve("codes.csv");
        Cli.ok("encode", run.toString(), "--n", "3", "-o", codes.toString());
        Cli.ok("decode", run.toString(), "-i", codes.toString(), "-o", decoded.toString());

        for (Path png : List.of(samples, reconstructions, manifold, decoded)) {
            assertThat(ColourRuns.colouredPixels(png))
                    .as("coloured pixels in %s", png.getFileName())
                    .isPositive();
        }
        // reconstructions: originals above their reconstructions, both in colour, at 2 pixels per pixel
        BufferedImage grid = TinyRuns.png(reconstructions);
        assertThat(grid.getWidth()).isEqualTo(2 + 2 * (2 * SIZE + 2));
    }

    @Test
    void interpolationRunsBetweenTestImagesAndBetweenColourImageFiles() throws Exception {
        Path between = dir.resolve("between.png");
        Cli.ok("interpolate", run.toString(), "--from", "0", "--to", "1", "--steps", "3", "-o", between.toString());
        assertThat(ColourRuns.colouredPixels(between)).isPositive();

        List<Path> files;
        try (Stream<Path> all = Files.walk(folder)) {
            files = all.filter(p -> p.toString().endsWith(".png"))
                    .sorted()
                    .limit(2)
                    .toList();
        }
        Path fromFiles = dir.resolve("files.png");
        Cli.Result r = Cli.ok(
                "interpolate",
                run.toString(),
                "--from-image",
                files.get(0).toString(),
                "--to-image",
                files.get(1).toString(),
                "--steps",
                "3",
                "-o",
                fromFiles.toString());
        assertThat(r.out()).contains("3 linear steps");
        // the strip's ends are the two files themselves, in their colours
        BufferedImage strip = TinyRuns.png(fromFiles);
        BufferedImage first = TinyRuns.png(files.get(0));
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                assertThat(strip.getRGB(2 + 2 * x, 2 + 2 * y) & 0xffffff)
                        .as("(%d, %d)", x, y)
                        .isEqualTo(first.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void anImageFileOfAnotherSizeIsOneLine() throws Exception {
        Path small = dir.resolve("small.png");
        javax.imageio.ImageIO.write(new BufferedImage(5, 7, BufferedImage.TYPE_INT_RGB), "png", small.toFile());

        Cli.Result r = Cli.run(
                "interpolate",
                run.toString(),
                "--from-image",
                small.toString(),
                "--to",
                "0",
                "-o",
                dir.resolve("x.png").toString());

        assertThat(Cli.assertBadInput(r)).contains("small.png").contains("5×7").contains("12×12");
    }
}
