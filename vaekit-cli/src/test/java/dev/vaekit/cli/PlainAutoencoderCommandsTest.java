package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.MetricsLog;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain autoencoder ({@code train --model dense-ae}) through every command: those that only encode and decode work
 * as for a VAE; those that need a likelihood p(x) refuse it with one line.
 */
class PlainAutoencoderCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path run;

    @BeforeAll
    static void train() {
        run = TinyRuns.trainAutoencoder(shared.resolve("ae"), 2, 2);
    }

    @Test
    void trainingWritesACheckpointAndMetricsWithoutAKlTerm() throws Exception {
        assertThat(Checkpoint.verify(run).epochsDone()).isEqualTo(2);
        assertThat(Configs.read(run.resolve("config.json")).model().type()).isEqualTo("dense-ae");
        assertThat(run.resolve("loss.png")).isRegularFile();
        List<EpochMetrics> metrics = MetricsLog.read(run.resolve(MetricsLog.FILE));
        assertThat(metrics).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        for (EpochMetrics m : metrics) {
            assertThat(m.trainKl()).isZero();
            assertThat(m.validationKl()).isZero();
            assertThat(m.trainBound()).isEqualTo(m.trainReconstruction());
            assertThat(m.trainLoss()).isEqualTo(-m.trainReconstruction()).isPositive();
        }
        assertThat(metrics.get(1).trainLoss()).isLessThan(metrics.get(0).trainLoss());
    }

    @Test
    void progressLinesShowTheReconstructionLoss() {
        Cli.Result r = Cli.ok(
                "train",
                "--model",
                "dense-ae",
                "--hidden",
                "16",
                "--latent-dim",
                "2",
                "--epochs",
                "1",
                "--out",
                dir.resolve("p").toString());

        assertThat(r.err())
                .contains("epoch   1  rec ")
                .contains("val rec ")
                .doesNotContain("elbo")
                .doesNotContain("kl");
    }

    @Test
    void aResumedRunContinues() {
        Path copy = Cli.copy(run, dir.resolve("resumed"));

        Cli.ok("train", "--resume", "--out", copy.toString(), "--epochs", "3", "--quiet");

        assertThat(Checkpoint.verify(copy).epochsDone()).isEqualTo(3);
        assertThat(MetricsLog.read(copy.resolve(MetricsLog.FILE)))
                .extracting(EpochMetrics::epoch)
                .containsExactly(1, 2, 3);
    }

    @Test
    void vaeOnlyObjectiveSettingsAreBadInput() {
        String line = Cli.assertBadInput(Cli.run(
                "train",
                "--model",
                "dense-ae",
                "--estimator",
                "iwae",
                "--out",
                dir.resolve("x").toString()));

        assertThat(line).contains("apply to VAEs").contains("dense-ae");
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void encodeWritesTheCodesAndRefusesToSample() throws Exception {
        Path csv = dir.resolve("codes.csv");

        Cli.Result r = Cli.ok("encode", run.toString(), "--n", "30", "-o", csv.toString());

        assertThat(r.out()).contains("codes enc(x)");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("z0,z1,label");
        assertThat(lines).hasSize(31).doesNotHaveDuplicates();
        String line = Cli.assertBadInput(Cli.run(
                "encode", run.toString(), "--sample", "-o", dir.resolve("s.csv").toString()));
        assertThat(line).contains("plain autoencoder").contains("no q(z|x)");
    }

    @Test
    void decodeReconstructSampleInterpolateManifoldAndLatentPlotWritePictures() throws Exception {
        Path codes = dir.resolve("codes.csv");
        Cli.ok("encode", run.toString(), "--n", "4", "-o", codes.toString());

        TinyRuns.decodeReconstructInterpolate(run, codes, dir, 8);
        Cli.Result sample = Cli.ok(
                "sample", run.toString(), "--n", "8", "-o", dir.resolve("s.png").toString());
        Cli.ok(
                "manifold",
                run.toString(),
                "--grid",
                "5",
                "-o",
                dir.resolve("m.png").toString());
        Cli.Result plot = Cli.ok(
                "latent-plot",
                run.toString(),
                "--n",
                "100",
                "-o",
                dir.resolve("l.png").toString());

        assertThat(sample.out()).contains("no prior").contains("not samples");
        assertThat(plot.out()).contains("z0 (code)");
        BufferedImage decoded = TinyRuns.png(dir.resolve("decoded.png"));
        assertThat(decoded.getWidth()).isEqualTo(4 * TinyRuns.CELL + 2);
        assertThat(TinyRuns.hasGrey(TinyRuns.cell(decoded, 0, 0, TinyRuns.CELL, 2)))
                .isTrue();
        assertThat(TinyRuns.png(dir.resolve("reconstructed.png")).getHeight()).isEqualTo(2 * TinyRuns.CELL + 2);
        assertThat(TinyRuns.png(dir.resolve("s.png")).getWidth()).isEqualTo(8 * TinyRuns.CELL + 2);
        assertThat(TinyRuns.png(dir.resolve("interpolated.png")).getWidth()).isEqualTo(12 * TinyRuns.CELL + 2);
        assertThat(TinyRuns.png(dir.resolve("m.png")).getWidth()).isEqualTo(5 * 30 + 2);
        assertThat(TinyRuns.png(dir.resolve("l.png"))).isNotNull();
    }

    @Test
    void evalAndScoreNeedALikelihoodAndRefuseWithOneLine() {
        String eval = Cli.assertBadInput(Cli.run("eval", run.toString(), "--k", "2"));
        String score = Cli.assertBadInput(
                Cli.run("score", run.toString(), "-o", dir.resolve("s.csv").toString()));

        assertThat(eval)
                .startsWith("vaekit eval: ")
                .contains("plain autoencoder")
                .contains("no likelihood p(x)");
        assertThat(score).startsWith("vaekit score: ").contains("plain autoencoder");
        assertThat(dir.resolve("s.csv")).doesNotExist();
    }
}
