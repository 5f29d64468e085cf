package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconstructCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    private static int grey(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xff;
    }

    @Test
    void originalsAndReconstructionsAlternateByRow() throws Exception {
        Path png = dir.resolve("r.png");

        Cli.Result r = Cli.ok("reconstruct", run.toString(), "--n", "5", "--columns", "4", "-o", png.toString());

        assertThat(r.out()).contains("wrote " + png);
        BufferedImage img = ImageIO.read(png.toFile());
        // 5 images in rows of 4: two rows of originals, each followed by a row of reconstructions
        assertThat(img.getWidth()).isEqualTo(4 * 58 + 2);
        assertThat(img.getHeight()).isEqualTo(4 * 58 + 2);
        // the originals are the first test images, binarised once with the run's seed (0)
        Dataset test =
                Binarization.sample(Datasets.load("mnist-mini", null).testRows().slice(0, 5), 0);
        int[][] cells = {{0, 0}, {1, 0}, {3, 0}, {0, 2}}; // image index 0, 1, 3 in row 0; image 4 in row 2
        int[] images = {0, 1, 3, 4};
        for (int c = 0; c < cells.length; c++) {
            int ox = 2 + cells[c][0] * 58;
            int oy = 2 + cells[c][1] * 58;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int expected = Math.round(test.features()[images[c] * 784 + y * 28 + x] * 255);
                    assertThat(grey(img, ox + 2 * x, oy + 2 * y))
                            .as("image %d (%d, %d)", images[c], x, y)
                            .isEqualTo(expected);
                }
            }
        }
        // a reconstruction (row 1) is grey, unlike its binary original above it
        boolean grey = false;
        for (int y = 0; y < 28 && !grey; y++) {
            for (int x = 0; x < 28 && !grey; x++) {
                int v = grey(img, 2 + 2 * x, 2 + 58 + 2 * y);
                grey = v != 0 && v != 255;
            }
        }
        assertThat(grey).isTrue();
    }

    @Test
    void theDefaultOutputIsInTheRunFolder() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("reconstruct", copy.toString());

        BufferedImage img = ImageIO.read(copy.resolve("reconstructions.png").toFile());
        // 32 images in rows of 8: 4 rows of originals and 4 of reconstructions
        assertThat(img.getWidth()).isEqualTo(8 * 58 + 2);
        assertThat(img.getHeight()).isEqualTo(8 * 58 + 2);
    }

    @Test
    void invalidOptionsAreBadInput() {
        assertThat(Cli.assertBadInput(Cli.run("reconstruct", run.toString(), "--columns", "0")))
                .contains("--columns");
        assertThat(Cli.assertBadInput(Cli.run("reconstruct", run.toString(), "--n", "20000")))
                .contains("--n");
    }
}
