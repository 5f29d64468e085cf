package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifoldCommandTest {
    /** 28×28 images at scale 1 plus the 2-pixel gap. */
    private static final int CELL = 30;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 2);
    }

    @Test
    void aGridOfDecodedCodesThatChangesAcrossTheGrid() {
        Path png = dir.resolve("m.png");

        Cli.Result r = Cli.ok("manifold", run.toString(), "--grid", "5", "-o", png.toString());

        assertThat(r.out()).contains("wrote " + png).contains("5×5 codes").contains("-1.282 to 1.282");
        BufferedImage img = TinyRuns.png(png);
        assertThat(img.getWidth()).isEqualTo(5 * CELL + 2);
        assertThat(img.getHeight()).isEqualTo(5 * CELL + 2);
        int[] topLeft = TinyRuns.cell(img, 0, 0, CELL, 1);
        int[] bottomRight = TinyRuns.cell(img, 4, 4, CELL, 1);
        assertThat(TinyRuns.hasGrey(topLeft)).as("decoded means are grey").isTrue();
        assertThat(Arrays.stream(topLeft).sum()).as("some ink").isGreaterThan(0);
        assertThat(bottomRight).isNotEqualTo(topLeft);
    }

    @Test
    void theDefaultIsTwentyBySwentyInTheRunFolder() {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("manifold", copy.toString());

        BufferedImage img = TinyRuns.png(copy.resolve("manifold.png"));
        assertThat(img.getWidth()).isEqualTo(20 * CELL + 2);
        assertThat(img.getHeight()).isEqualTo(20 * CELL + 2);
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("manifold", "--help").out()).contains("--grid").contains("Φ⁻¹");
    }

    @Test
    void badInputEndsWithOneLine() {
        String out = dir.resolve("m.png").toString();
        assertThat(Cli.assertBadInput(Cli.run("manifold", run.toString(), "--grid", "0", "-o", out)))
                .contains("--grid must be in [1, 100]");
        // a second, wider model: the manifold picture needs exactly two latent dimensions
        Path wide = TinyRuns.train(dir.resolve("wide"), 3);
        assertThat(Cli.assertBadInput(Cli.run("manifold", wide.toString(), "-o", out)))
                .contains("2-dimensional latent space")
                .contains("latentDim 3");
        assertThat(dir.resolve("m.png")).doesNotExist();
    }
}
