package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaekit traverse} end to end on runs of the small sprite set. */
class TraverseCommandTest {
    /** 32×32 images at scale 2 plus the 2-pixel gap. */
    private static final int CELL = 66;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path vae;

    @BeforeAll
    static void train() {
        vae = SpriteRuns.train(shared.resolve("vae"), "dense-vae");
    }

    @Test
    void oneRowPerDimensionOrderedByKlInOnePng() {
        Path png = dir.resolve("t.png");
        Cli.Result r = Cli.ok("traverse", vae.toString(), "--examples", "2", "--steps", "5", "-o", png.toString());

        assertThat(r.out())
                .contains("wrote " + png + ": 4 rows (code dimensions) × 2 examples × 5 steps from -3.0 to +3.0")
                .contains("rows ordered by mean KL(q(z_j|x) ‖ N(0, 1)) over 256 rows of dsprites-small/test");
        Matcher m = Pattern.compile("row (\\d): z(\\d), KL ([0-9.]+) nats").matcher(r.out());
        List<Double> kl = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        while (m.find()) {
            dims.add(Integer.parseInt(m.group(2)));
            kl.add(Double.parseDouble(m.group(3)));
        }
        assertThat(dims).containsExactlyInAnyOrder(0, 1, 2, 3);
        for (int i = 1; i < kl.size(); i++) {
            assertThat(kl.get(i)).isLessThanOrEqualTo(kl.get(i - 1));
        }
        BufferedImage img = TinyRuns.png(png);
        assertThat(img.getWidth()).isEqualTo(10 * CELL + 2);
        assertThat(img.getHeight()).isEqualTo(4 * CELL + 2);
        // the top row (the most informative dimension) changes along its sweep
        assertThat(cell(img, 0, 0)).isNotEqualTo(cell(img, 4, 0));
    }

    private static int[] cell(BufferedImage img, int column, int row) {
        int[] v = new int[32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                v[y * 32 + x] = TinyRuns.grey(img, 2 + column * CELL + 2 * x, 2 + row * CELL + 2 * y);
            }
        }
        return v;
    }

    @Test
    void aDeterministicAutoencoderIsOrderedBySpreadIntoTheRunFolderByDefault() {
        Path wae = SpriteRuns.train(shared.resolve("swae"), "dense-swae");
        Cli.Result r = Cli.ok("traverse", wae.toString(), "--rows", "100");
        assertThat(r.out())
                .contains("wrote " + wae.resolve("traverse.png"))
                .contains("4 rows (code dimensions) × 3 examples × 9 steps")
                .contains("rows ordered by the standard deviation of the codes over 100 rows")
                .doesNotContain("KL");
        assertThat(TinyRuns.png(wae.resolve("traverse.png")).getWidth()).isEqualTo(27 * CELL + 2);
    }

    @Test
    void badSettingsAreRefusedInOneLine() {
        assertThat(Cli.assertBadInput(Cli.run(
                        "traverse",
                        vae.toString(),
                        "--steps",
                        "1",
                        "-o",
                        dir.resolve("x.png").toString())))
                .isEqualTo("vaekit traverse: --steps must be in [2, 31], got 1");
        assertThat(Cli.assertBadInput(Cli.run("traverse", vae.toString(), "--examples", "40")))
                .contains("--examples must be in [1, 16], got 40");
        assertThat(Cli.assertBadInput(Cli.run("traverse", vae.toString(), "--rows", "1")))
                .contains("--rows must be in [2, 100000], got 1");
    }
}
