package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** fit-sampler and sample --sampler end to end, on a VAE and a plain autoencoder trained briefly on mnist-mini. */
class FitSamplerCommandTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = Cli.trainSmallRun(shared.resolve("run"), 1);
    }

    /** fit-sampler with settings small enough for a test, on the first 400 training images. */
    static Cli.Result fit(Path runDir, String kind, String... more) {
        List<String> args =
                new ArrayList<>(List.of("fit-sampler", runDir.toString(), "--kind", kind, "--n", "400", "--quiet"));
        switch (kind) {
            case "gmm" -> args.addAll(List.of("--components", "2"));
            case "maf" -> args.addAll(List.of("--hidden", "16", "--flow-length", "2", "--epochs", "2"));
            default -> args.addAll(List.of("--hidden", "16", "--epochs", "2", "--k", "5"));
        }
        args.addAll(List.of(more));
        return Cli.ok(args.toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gmm", "maf", "two-stage"})
    void eachKindIsFittedSavedAndSampledFrom(String kind) throws Exception {
        Cli.Result fitted = fit(run, kind);

        Path folder = run.resolve("samplers").resolve(kind);
        assertThat(fitted.out())
                .contains("fitted a " + kind + " sampler to 360 posterior means of the training data of " + run)
                .contains("held-out log-likelihood of 40 codes, nats per code:")
                .containsPattern("\n  " + kind.replace("-", "\\-") + " +-?\\d+\\.\\d{3} ± \\d+\\.\\d{3}  \\(")
                .containsPattern("\n  N\\(0, I\\) +-?\\d+\\.\\d{3} ± \\d+\\.\\d{3}  \\(exact; the model's prior\\)")
                .contains("wrote " + folder);
        assertThat(folder.resolve("sampler.json")).isRegularFile();

        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        Path prior = dir.resolve("prior.png");
        Cli.Result sampled = Cli.ok(
                "sample",
                run.toString(),
                "--sampler",
                kind,
                "--n",
                "4",
                "--columns",
                "2",
                "--seed",
                "3",
                "-o",
                a.toString());
        Cli.ok(
                "sample",
                run.toString(),
                "--sampler",
                kind,
                "--n",
                "4",
                "--columns",
                "2",
                "--seed",
                "3",
                "-o",
                b.toString());
        Cli.ok("sample", run.toString(), "--n", "4", "--columns", "2", "--seed", "3", "-o", prior.toString());

        assertThat(sampled.out()).startsWith("wrote " + a + " (codes drawn from " + kind + ": ");
        BufferedImage img = TinyRuns.png(a);
        assertThat(img.getWidth()).isEqualTo(2 * TinyRuns.CELL + 2);
        assertThat(img.getHeight()).isEqualTo(2 * TinyRuns.CELL + 2);
        assertThat(TinyRuns.hasGrey(TinyRuns.cell(img, 1, 1, TinyRuns.CELL, 2))).isTrue();
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
        assertThat(Files.readAllBytes(prior)).isNotEqualTo(Files.readAllBytes(a));
    }

    @Test
    void aTwoStageSamplerFitsDrawsOfTheEncoderUnderAnotherName() {
        Cli.Result fitted = fit(run, "two-stage", "--codes", "sample", "--name", "ts-draws");

        assertThat(fitted.out()).contains("sampler to 360 draws of q(z|x) of the training data");
        assertThat(run.resolve("samplers").resolve("ts-draws").resolve("model").resolve("manifest.json"))
                .isRegularFile();
    }

    @Test
    void aPlainAutoencodersCodesGetASamplerAndItsSamplesNoWarning() {
        Path ae = TinyRuns.trainAutoencoder(shared.resolve("ae"), 4, 1);

        Cli.Result fitted = fit(ae, "gmm");
        Cli.Result sampled = Cli.ok("sample", ae.toString(), "--sampler", "gmm", "--n", "2");

        assertThat(fitted.out())
                .contains("sampler to 360 codes enc(x) of the training data")
                .contains("(exact; for comparison: a dense-ae has no prior)");
        assertThat(sampled.out()).doesNotContain("no prior");
        assertThat(ae.resolve("samples.png")).isRegularFile();
    }
}
