package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Configs;
import dev.vaekit.viz.LabelledPanels;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class AeVsVaeCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path ae;
    private static Path vae;
    private static Path narrowVae;

    @BeforeAll
    static void train() {
        ae = TinyRuns.trainAutoencoder(shared.resolve("ae"), 4, 1);
        vae = TinyRuns.train(shared.resolve("vae"), 4);
        narrowVae = TinyRuns.train(shared.resolve("vae3"), 3);
    }

    /** A quick comparison: few codes, importance samples and reference images. */
    private Cli.Result compare(String... more) {
        String[] base = {
            "compare",
            "ae-vs-vae",
            "--ae",
            ae.toString(),
            "--vae",
            vae.toString(),
            "--k",
            "50",
            "--train-n",
            "300",
            "--test-n",
            "200"
        };
        String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    @Test
    void writesBothPanelsOfTheSameSizeSideBySide() {
        Path png = dir.resolve("c.png");

        Cli.Result r = compare("--n", "6", "--columns", "3", "-o", png.toString());

        assertThat(r.code()).as("%s", r).isZero();
        BufferedImage img = TinyRuns.png(png);
        int panel = 3 * TinyRuns.CELL + 2;
        assertThat(img.getWidth()).isEqualTo(2 * panel + LabelledPanels.SPACING);
        assertThat(img.getHeight()).isEqualTo(LabelledPanels.TITLE_HEIGHT + 2 * TinyRuns.CELL + 2);
        // the left panel is drawn from the AE's decodes, the right one from the VAE's: both grey, and not equal
        int top = LabelledPanels.TITLE_HEIGHT;
        int[] left = cellAt(img, 0, top);
        int[] right = cellAt(img, panel + LabelledPanels.SPACING, top);
        assertThat(TinyRuns.hasGrey(left)).isTrue();
        assertThat(TinyRuns.hasGrey(right)).isTrue();
        assertThat(left).isNotEqualTo(right);
    }

    /** The first 28×28 image of a grid drawn at scale 2 whose top-left corner is (x0, y0). */
    private static int[] cellAt(BufferedImage img, int x0, int y0) {
        int[] v = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                v[y * 28 + x] = TinyRuns.grey(img, x0 + 2 + 2 * x, y0 + 2 + 2 * y);
            }
        }
        return v;
    }

    @Test
    void theDefaultIsSixtyFourCodesInTheAeRunFolder() {
        Path copy = Cli.copy(ae, dir.resolve("ae"));

        Cli.Result r = Cli.run(
                "compare",
                "ae-vs-vae",
                "--ae",
                copy.toString(),
                "--vae",
                vae.toString(),
                "--k",
                "2",
                "--train-n",
                "100");

        assertThat(r.code()).as("%s", r).isZero();
        BufferedImage img = TinyRuns.png(copy.resolve("ae-vs-vae.png"));
        assertThat(img.getWidth()).isEqualTo(2 * (8 * TinyRuns.CELL + 2) + LabelledPanels.SPACING);
        assertThat(img.getHeight()).isEqualTo(LabelledPanels.TITLE_HEIGHT + 8 * TinyRuns.CELL + 2);
        assertThat(r.out())
                .contains("64 draws of z ~ N(0, I), latent dim 4, seed 1")
                .contains("nearest of 100 mnist-mini training images")
                .contains("Euclidean distance")
                .contains("angle, degrees")
                .contains("1000 test images, z ~ N(0, I)")
                .contains("log p(x), k = 2 (nats)")
                .contains("KL(Gaussian fit ‖ N(0, I)), nats");
    }

    @Test
    void jsonHoldsFiniteNumbersInTheirRanges() {
        Cli.Result r = compare("--n", "10", "--json", "-o", dir.resolve("c.png").toString());

        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out().lines().count()).as("one JSON line").isEqualTo(1);
        JsonNode o = Configs.json().readTree(r.out());
        assertThat(o.get("n").asInt()).isEqualTo(10);
        assertThat(o.get("latentDim").asInt()).isEqualTo(4);
        assertThat(o.get("trainRows").asInt()).isEqualTo(300);
        assertThat(o.get("referenceDataset").asString()).isEqualTo("mnist-mini");
        for (String who : new String[] {"ae", "vae", "test"}) {
            // 784 grey values in [0, 1]: a distance in (0, 28]; an angle between non-negative images in (0, 90]
            assertThat(o.get("nearestTrainDistance").get(who).asDouble())
                    .as(who)
                    .isFinite()
                    .isPositive()
                    .isLessThanOrEqualTo(28);
            assertThat(o.get("nearestTrainAngle").get(who).asDouble())
                    .as(who)
                    .isFinite()
                    .isPositive()
                    .isLessThanOrEqualTo(90);
        }
        assertThat(o.get("split").asString()).isEqualTo("test");
        assertThat(o.get("rows").asInt()).isEqualTo(200);
        assertThat(o.get("k").asInt()).isEqualTo(50);
        JsonNode logP = o.get("priorLogLikelihood");
        for (String who : new String[] {"ae", "vae"}) {
            // the log-probability of binary images under a Bernoulli decoder: negative
            assertThat(logP.get(who).asDouble()).as(who).isFinite().isNegative();
            assertThat(logP.get(who + "StdErr").asDouble()).as(who).isFinite().isPositive();
        }
        for (String who : new String[] {"aeCodes", "vaeCodes"}) {
            JsonNode s = o.get(who);
            assertThat(s.get("mean")).hasSize(4);
            assertThat(s.get("std")).hasSize(4);
            for (JsonNode v : s.get("std")) {
                assertThat(v.asDouble()).as(who).isFinite().isPositive();
            }
            assertThat(s.get("klToPrior").asDouble()).as(who).isFinite().isNotNegative();
        }
    }

    @Test
    void theSeedDecidesThePicture() throws Exception {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Path c = dir.resolve("c.png");

        assertThat(compare("--n", "4", "--seed", "3", "-o", a.toString()).code())
                .isZero();
        assertThat(compare("--n", "4", "--seed", "3", "-o", b.toString()).code())
                .isZero();
        assertThat(compare("--n", "4", "--seed", "4", "-o", c.toString()).code())
                .isZero();

        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void differentLatentDimensionsAreBadInput() {
        String line = Cli.assertBadInput(Cli.run(
                "compare",
                "ae-vs-vae",
                "--ae",
                ae.toString(),
                "--vae",
                narrowVae.toString(),
                "-o",
                dir.resolve("x.png").toString()));

        assertThat(line)
                .contains("different latent dimensions")
                .contains("has 4")
                .contains("has 3");
        assertThat(dir.resolve("x.png")).doesNotExist();
    }

    @Test
    void runsOfTheWrongKindAreBadInput() {
        assertThat(Cli.assertBadInput(Cli.run("compare", "ae-vs-vae", "--ae", vae.toString(), "--vae", vae.toString())))
                .contains("--ae")
                .contains("expected a plain autoencoder");
        assertThat(Cli.assertBadInput(Cli.run("compare", "ae-vs-vae", "--ae", ae.toString(), "--vae", ae.toString())))
                .contains("--vae needs a model with a likelihood p(x)");
        assertThat(Cli.assertBadInput(Cli.run(
                        "compare", "ae-vs-vae", "--ae", dir.resolve("none").toString(), "--vae", vae.toString())))
                .contains("no such run folder");
    }

    @Test
    void invalidOptionsAreBadInput() {
        assertThat(Cli.assertBadInput(compare("--n", "1"))).contains("--n must be in");
        assertThat(Cli.assertBadInput(compare("--k", "0"))).contains("--k");
        assertThat(Cli.assertBadInput(compare("--train-n", "0"))).contains("--train-n");
        assertThat(Cli.assertBadInput(Cli.run("compare", "ae-vs-vae", "--ae", ae.toString())))
                .contains("--vae");
        assertThat(Cli.assertBadInput(Cli.run("compare"))).contains("ae-vs-vae");
        assertThat(Cli.assertBadInput(Cli.run("compare", "pca-vs-vae"))).contains("pca-vs-vae");
    }

    @Test
    void helpExitsZero() {
        assertThat(Cli.ok("compare", "--help").out()).contains("ae-vs-vae");
        assertThat(Cli.ok("compare", "ae-vs-vae", "--help").out())
                .contains("--ae")
                .contains("--vae")
                .contains("nearest training image")
                .contains("log p(x) with z ~ N(0, I)");
        assertThat(Cli.ok("--help").out()).contains("compare");
    }
}
