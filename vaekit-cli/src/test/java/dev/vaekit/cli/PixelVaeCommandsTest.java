package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Configs;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A PixelVAE run through the commands: trained, scored by importance sampling, and drawn pixel by pixel. */
class PixelVaeCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    /** A tiny PixelVAE ({@link TinyRuns#trainPixelVae}). */
    @BeforeAll
    static void train() {
        run = TinyRuns.trainPixelVae(shared.resolve("run"));
    }

    @Test
    void samplesOfABernoulliPixelVaeAreBlackAndWhite() {
        Path png = dir.resolve("s.png");

        Cli.ok("sample", run.toString(), "--n", "2", "--columns", "2", "-o", png.toString());

        BufferedImage img = TinyRuns.png(png);
        Set<Integer> greys = new HashSet<>();
        for (int column = 0; column < 2; column++) {
            for (int v : TinyRuns.cell(img, column, 0, TinyRuns.CELL, 2)) {
                greys.add(v);
            }
        }
        // drawn pixel by pixel from p(x|z), not the grey means a factorised decoder shows
        assertThat(greys).containsExactlyInAnyOrder(0, 255);
    }

    @Test
    void evalScoresTheTestImagesByImportanceSampling() {
        JsonNode o = Configs.json()
                .readTree(Cli.ok("eval", run.toString(), "--k", "3", "--eval-size", "10", "--json")
                        .out());

        double nll = o.get("nll").asDouble();
        assertThat(nll).isFinite().isPositive();
        // the ELBO's reconstruction term is the PixelCNN's log p(x|z), scored with the test image as its input
        assertThat(o.get("reconstruction").asDouble()).isFinite().isNegative();
    }
}
