package dev.vaekit.cli;

import static dev.vaekit.cli.TinyRuns.CELL;
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

class InterpolateCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    /** The first test images, binarised once with the run's seed (0), as the command sees them. */
    private static Dataset test;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
        test = Binarization.sample(Datasets.load("mnist-mini", null).testRows().slice(0, 10), 0);
    }

    private static int[] testImage(int i) {
        int[] v = new int[784];
        for (int k = 0; k < 784; k++) {
            v[k] = Math.round(test.features()[i * 784 + k] * 255);
        }
        return v;
    }

    @Test
    void oneRowWithTheOriginalsAtBothEnds() {
        Path png = dir.resolve("strip.png");

        Cli.Result r =
                Cli.ok("interpolate", run.toString(), "--from", "3", "--to", "7", "--steps", "5", "-o", png.toString());

        assertThat(r.out()).contains("wrote " + png).contains("5 linear steps");
        BufferedImage img = TinyRuns.png(png);
        assertThat(img.getWidth()).isEqualTo(7 * CELL + 2);
        assertThat(img.getHeight()).isEqualTo(CELL + 2);
        assertThat(TinyRuns.cell(img, 0, 0, CELL, 2)).containsExactly(testImage(3));
        assertThat(TinyRuns.cell(img, 6, 0, CELL, 2)).containsExactly(testImage(7));
        int[] start = TinyRuns.cell(img, 1, 0, CELL, 2);
        int[] middle = TinyRuns.cell(img, 3, 0, CELL, 2);
        int[] end = TinyRuns.cell(img, 5, 0, CELL, 2);
        assertThat(TinyRuns.hasGrey(start)).as("decoded, so grey").isTrue();
        assertThat(middle).isNotEqualTo(start).isNotEqualTo(end);
    }

    @Test
    void sphericalSharesTheEndsButNotTheMiddle() {
        Path linear = dir.resolve("l.png");
        Path spherical = dir.resolve("s.png");

        Cli.ok("interpolate", run.toString(), "--from", "0", "--to", "1", "--steps", "3", "-o", linear.toString());
        Cli.Result r = Cli.ok(
                "interpolate",
                run.toString(),
                "--from",
                "0",
                "--to",
                "1",
                "--steps",
                "3",
                "--spherical",
                "-o",
                spherical.toString());

        assertThat(r.out()).contains("3 spherical steps");
        BufferedImage l = TinyRuns.png(linear);
        BufferedImage s = TinyRuns.png(spherical);
        // t = 0 and t = 1 decode the endpoints' own codes either way; t = 1/2 leaves the chord for the arc
        assertThat(TinyRuns.cell(s, 1, 0, CELL, 2)).containsExactly(TinyRuns.cell(l, 1, 0, CELL, 2));
        assertThat(TinyRuns.cell(s, 3, 0, CELL, 2)).containsExactly(TinyRuns.cell(l, 3, 0, CELL, 2));
        assertThat(TinyRuns.cell(s, 2, 0, CELL, 2)).isNotEqualTo(TinyRuns.cell(l, 2, 0, CELL, 2));
    }

    @Test
    void imagesFromPngFilesGiveTheSameStripAsTheTestIndices() throws Exception {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        writeGrey(testImage(2), a);
        writeGrey(testImage(5), b);
        Path fromIndices = dir.resolve("i.png");
        Path fromFiles = dir.resolve("f.png");

        Cli.ok("interpolate", run.toString(), "--from", "2", "--to", "5", "--steps", "4", "-o", fromIndices.toString());
        Cli.ok(
                "interpolate",
                run.toString(),
                "--from-image",
                a.toString(),
                "--to-image",
                b.toString(),
                "--steps",
                "4",
                "-o",
                fromFiles.toString());

        BufferedImage i = TinyRuns.png(fromIndices);
        BufferedImage f = TinyRuns.png(fromFiles);
        for (int c = 0; c < 6; c++) {
            assertThat(TinyRuns.cell(f, c, 0, CELL, 2))
                    .as("cell %d", c)
                    .containsExactly(TinyRuns.cell(i, c, 0, CELL, 2));
        }
    }

    @Test
    void indicesCanPointIntoTheTrainingSplit() {
        Path png = dir.resolve("train.png");
        Dataset train = Binarization.sample(
                Datasets.load("mnist-mini", null).trainRows().slice(0, 3), 0);

        Cli.ok(
                "interpolate",
                run.toString(),
                "--split",
                "train",
                "--from",
                "2",
                "--to",
                "0",
                "--steps",
                "2",
                "-o",
                png.toString());

        int[] first = TinyRuns.cell(TinyRuns.png(png), 0, 0, CELL, 2);
        for (int k = 0; k < 784; k++) {
            assertThat(first[k]).isEqualTo(Math.round(train.features()[2 * 784 + k] * 255));
        }
    }

    @Test
    void theDefaultIsTenStepsInTheRunFolder() {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("interpolate", copy.toString(), "--from", "0", "--to", "9");

        BufferedImage img = TinyRuns.png(copy.resolve("interpolation.png"));
        assertThat(img.getWidth()).isEqualTo(12 * CELL + 2);
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("interpolate", "--help").out())
                .contains("--spherical")
                .contains("--from-image");
    }

    @Test
    void badInputEndsWithOneLine() throws Exception {
        String out = dir.resolve("x.png").toString();
        Path small = dir.resolve("small.png");
        ImageIO.write(new BufferedImage(20, 24, BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());

        assertThat(Cli.assertBadInput(Cli.run(
                        "interpolate", run.toString(), "--from-image", small.toString(), "--to", "1", "-o", out)))
                .endsWith(small + ": image is 20×24 (width×height), the model takes 28×28");
        assertThat(Cli.assertBadInput(Cli.run("interpolate", run.toString(), "--from", "0", "--to", "1000", "-o", out)))
                .contains("example 1000 does not exist: mnist-mini/test has 1000 examples (0..999)");
        assertThat(Cli.assertBadInput(Cli.run("interpolate", run.toString(), "--to", "1", "-o", out)))
                .contains("exactly one of --from INDEX and --from-image PNG");
        assertThat(Cli.assertBadInput(Cli.run(
                        "interpolate",
                        run.toString(),
                        "--from",
                        "0",
                        "--from-image",
                        small.toString(),
                        "--to",
                        "1",
                        "-o",
                        out)))
                .contains("exactly one of --from");
        assertThat(Cli.assertBadInput(
                        Cli.run("interpolate", run.toString(), "--from", "0", "--to", "1", "--steps", "1", "-o", out)))
                .contains("--steps must be in [2, 1000]");
        assertThat(Cli.assertBadInput(Cli.run("interpolate", run.toString(), "--from", "-1", "--to", "1", "-o", out)))
                .contains(">= 0");
        assertThat(Cli.assertBadInput(Cli.run(
                        "interpolate",
                        run.toString(),
                        "--from-image",
                        dir.resolve("none.png").toString(),
                        "--to",
                        "1",
                        "-o",
                        out)))
                .endsWith("none.png: no such file");
        assertThat(Cli.assertBadInput(Cli.run(
                        "interpolate", run.toString(), "--from", "0", "--to", "1", "--split", "dev", "-o", out)))
                .contains("--split must be test or train");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    private static void writeGrey(int[] values, Path file) throws Exception {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int k = 0; k < 784; k++) {
            img.getRaster().setSample(k % 28, k / 28, 0, values[k]);
        }
        ImageIO.write(img, "png", file.toFile());
    }
}
