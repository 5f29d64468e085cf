package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    @Test
    void writesAGridOfTheRequestedSize() throws Exception {
        Path png = dir.resolve("s.png");

        Cli.Result r = Cli.ok("sample", run.toString(), "--n", "6", "--columns", "3", "-o", png.toString());

        assertThat(r.out()).contains("wrote " + png);
        BufferedImage img = ImageIO.read(png.toFile());
        // 28x28 images drawn at scale 2 in cells of 56 + 2 pixels, plus the 2-pixel border
        assertThat(img.getWidth()).isEqualTo(3 * 58 + 2);
        assertThat(img.getHeight()).isEqualTo(2 * 58 + 2);
        // decoded means are grey values, and not all the same
        int first = img.getRGB(2 + 28, 2 + 28) & 0xff;
        boolean varies = false;
        for (int y = 2; y < 58; y += 3) {
            for (int x = 2; x < 58; x += 3) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                assertThat(rgb >> 16).isEqualTo(rgb & 0xff);
                varies |= (rgb & 0xff) != first;
            }
        }
        assertThat(varies).isTrue();
    }

    @Test
    void theDefaultIsSixtyFourSamplesInTheRunFolder() throws Exception {
        Path copy = Cli.copy(run, dir.resolve("run"));

        Cli.ok("sample", copy.toString());

        BufferedImage img = ImageIO.read(copy.resolve("samples.png").toFile());
        assertThat(img.getWidth()).isEqualTo(8 * 58 + 2);
        assertThat(img.getHeight()).isEqualTo(8 * 58 + 2);
    }

    @Test
    void theSeedDecidesTheSamples() throws Exception {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Path c = dir.resolve("c.png");

        Cli.ok("sample", run.toString(), "--n", "4", "--seed", "5", "-o", a.toString());
        Cli.ok("sample", run.toString(), "--n", "4", "--seed", "5", "-o", b.toString());
        Cli.ok("sample", run.toString(), "--n", "4", "--seed", "6", "-o", c.toString());

        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void invalidOptionsAreBadInput() {
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--n", "0")))
                .contains("--n must be in");
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--temperature", "0")))
                .contains("--temperature");
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--columns", "0")))
                .contains("--columns");
    }

    @Test
    void aConditionalModelDrawsOneClassPerRowOrTheLabelAsked() throws Exception {
        Path cvae = dir.resolve("cvae");
        Cli.ok(
                "train",
                "--dataset",
                "mnist-mini",
                "--hidden",
                "16",
                "--latent-dim",
                "2",
                "--condition-classes",
                "10",
                "--epochs",
                "1",
                "--quiet",
                "--out",
                cvae.toString());
        Path rows = dir.resolve("rows.png");
        Path three = dir.resolve("three.png");

        Cli.ok("sample", cvae.toString(), "--n", "20", "--columns", "2", "-o", rows.toString());
        Cli.ok("sample", cvae.toString(), "--n", "4", "--label", "3", "-o", three.toString());

        assertThat(ImageIO.read(rows.toFile()).getHeight()).isEqualTo(10 * 58 + 2);
        assertThat(ImageIO.read(three.toFile()).getWidth()).isEqualTo(4 * 58 + 2);
        assertThat(Cli.assertBadInput(Cli.run("sample", cvae.toString(), "--label", "10")))
                .isEqualTo("vaekit sample: --label must be one of the model's classes 0..9, got 10");
        assertThat(Cli.assertBadInput(Cli.run("sample", run.toString(), "--label", "1")))
                .isEqualTo("vaekit sample: --label: dense-vae is not conditional on labels");
    }
}
