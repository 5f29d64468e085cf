package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatentPlotCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** latentDim 8, so the plot shows principal components. */
    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.train(shared.resolve("run"), 8);
    }

    @Test
    void widerCodesAreProjectedOnTheirPrincipalComponentsAndDrawnAsPngAndSvg() throws Exception {
        Path png = dir.resolve("plot.png");

        Cli.Result r = Cli.ok("latent-plot", run.toString(), "--n", "300", "--svg", "-o", png.toString());

        Path svg = dir.resolve("plot.svg");
        assertThat(r.out()).contains("wrote " + png + " and " + svg);
        assertThat(r.out())
                .containsPattern("x: PC1 of the 8-dimensional posterior means \\(\\d+\\.\\d% of variance\\)")
                .containsPattern("y: PC2 of the 8-dimensional posterior means \\(\\d+\\.\\d% of variance\\)");
        double pc1 = percent(r.out(), "PC1");
        double pc2 = percent(r.out(), "PC2");
        assertThat(pc1).isGreaterThanOrEqualTo(pc2);
        assertThat(pc1 + pc2).isGreaterThan(2 * 100.0 / 8).isLessThanOrEqualTo(100);
        BufferedImage img = TinyRuns.png(png);
        assertThat(img.getWidth()).isEqualTo(800);
        assertThat(img.getHeight()).isEqualTo(700);
        // one series per digit, in the ten "tab10" colours: every colour is used by some marker
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                used.add(img.getRGB(x, y) & 0xffffff);
            }
        }
        int[] tab10 = {
            0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf
        };
        for (int colour : tab10) {
            assertThat(used).as("colour %06x", colour).contains(colour);
        }
        assertThat(Files.readString(svg)).startsWith("<?xml").contains("<svg");
    }

    @Test
    void twoDimensionalCodesAreDrawnAsTheyAre() throws Exception {
        Path run2 = TinyRuns.train(dir.resolve("run2"), 2);
        Path png = dir.resolve("two.png");

        Cli.Result r = Cli.ok("latent-plot", run2.toString(), "--n", "100", "-o", png.toString());

        assertThat(r.out()).contains("x: z0 (posterior mean)").contains("y: z1 (posterior mean)");
        Cli.ok(
                "latent-plot",
                run2.toString(),
                "--split",
                "train",
                "--n",
                "50",
                "-o",
                dir.resolve("t.png").toString());
        assertThat(TinyRuns.png(dir.resolve("t.png")).getHeight()).isEqualTo(700);
        assertThat(dir.resolve("two.svg")).doesNotExist();
        assertThat(TinyRuns.png(png).getWidth()).isEqualTo(800);
    }

    @Test
    void theDefaultOutputIsInTheRunFolder() {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("latent-plot", copy.toString(), "--svg");

        assertThat(TinyRuns.png(copy.resolve("latent.png")).getHeight()).isEqualTo(700);
        assertThat(copy.resolve("latent.svg")).isRegularFile();
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("latent-plot", "--help").out()).contains("--svg").contains("principal components");
    }

    @Test
    void badInputEndsWithOneLine() {
        assertThat(Cli.assertBadInput(Cli.run(
                        "latent-plot",
                        run.toString(),
                        "--n",
                        "1",
                        "-o",
                        dir.resolve("p.png").toString())))
                .contains("--n must be >= 2");
        assertThat(Cli.assertBadInput(Cli.run("latent-plot", run.toString(), "--split", "dev")))
                .contains("--split must be test or train");
        assertThat(Cli.assertBadInput(Cli.run("latent-plot", dir.resolve("none").toString())))
                .contains("no such run folder");
        assertThat(dir.resolve("p.png")).doesNotExist();
    }

    private static double percent(String out, String axis) {
        int at = out.indexOf(axis + " of the");
        String rest = out.substring(out.indexOf('(', at) + 1);
        return Double.parseDouble(rest.substring(0, rest.indexOf('%')));
    }
}
