package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vaekit demo ...} end to end, on small settings (the demos' results are tested in vaekit-core). */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void reparameterizationPrintsItsTableAndDrawsItsPicture() {
        Cli.Result r = Cli.ok("demo", "reparameterization", "--draws", "2000", "--out", dir.toString());

        assertThat(r.out()).contains("reparameterization   mu").contains("score function       sigma");
        assertThat(TinyRuns.png(dir.resolve("reparameterization.png")).getWidth())
                .isGreaterThan(100);
    }

    @Test
    void elboGapPrintsOneRowPerK() {
        Cli.Result r = Cli.ok("demo", "elbo-gap", "--epochs", "1", "--images", "20", "--out", dir.toString());

        assertThat(r.out()).contains("ELBO (analytic KL").containsPattern("(?m)^ +5000 ");
        TinyRuns.png(dir.resolve("elbo-gap.png"));
    }

    @Test
    void aeVsVaeTrainsBothRunsThenCompares() {
        Cli.Result r = Cli.ok("demo", "ae-vs-vae", "--epochs", "1", "--out", dir.toString());

        assertThat(dir.resolve("dense-ae").resolve("manifest.json")).exists();
        assertThat(dir.resolve("dense-vae").resolve("manifest.json")).exists();
        TinyRuns.png(dir.resolve("ae-vs-vae.png"));
        assertThat(r.out()).isNotBlank();
    }

    @Test
    void badSettingsAreOneLine() {
        assertThat(Cli.assertBadInput(Cli.run("demo", "estimators", "--draws", "1", "--out", dir.toString())))
                .contains("--draws must be >= 2");
        assertThat(Cli.assertBadInput(Cli.run("demo", "nonsense"))).contains("nonsense");
    }
}
