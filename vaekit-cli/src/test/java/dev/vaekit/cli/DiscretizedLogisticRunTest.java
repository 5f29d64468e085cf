package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.MetricsLog;
import dev.vaekit.train.RunConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A VAE with the discretized logistic mixture likelihood (Salimans et al. 2017) on 8-bit mnist-mini, end to end. */
class DiscretizedLogisticRunTest {
    @TempDir
    static Path shared;

    private static Path run;

    @BeforeAll
    static void train() {
        run = shared.resolve("run");
        Cli.ok(
                "train",
                "--dataset",
                "mnist-mini",
                "--binarize",
                "none",
                "--likelihood",
                "discretized-logistic",
                "--mixture-components",
                "3",
                "--hidden",
                "64",
                "--latent-dim",
                "8",
                "--epochs",
                "2",
                "--quiet",
                "--out",
                run.toString());
    }

    @Test
    void theBoundRisesAndTheConfigIsSaved() {
        List<EpochMetrics> epochs = MetricsLog.read(run.resolve(MetricsLog.FILE));
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(epochs.get(1).trainBound())
                .isFinite()
                .isGreaterThan(epochs.get(0).trainBound());
        // a discrete likelihood: log P ≤ 0, so the bound is negative
        assertThat(epochs.get(1).trainBound()).isNegative();

        RunConfig saved = Configs.read(run.resolve("config.json"));
        LikelihoodConfig likelihood = saved.model().family(VaeConfig.class).likelihood();
        assertThat(likelihood.kind()).isEqualTo(LikelihoodKind.DISCRETIZED_LOGISTIC);
        assertThat(likelihood.mixtureComponents()).isEqualTo(3);
    }

    @Test
    void theCheckpointLoadsAndEvalReportsBitsPerDim() {
        Cli.Result table = Cli.ok("eval", run.toString(), "--k", "5", "--eval-size", "40");
        assertThat(table.out()).contains("bits/dim");

        Cli.Result r = Cli.ok("eval", run.toString(), "--k", "5", "--eval-size", "40", "--json");
        JsonNode o = Configs.json().readTree(r.out());
        double bitsPerDim = o.get("bitsPerDim").asDouble();
        // 8 bits/dim is a uniform guess over 256 levels; a model that learned anything is well below
        assertThat(bitsPerDim).isFinite().isPositive().isLessThan(8);
        System.out.printf("discretized-logistic K=3, 784-64-8, 2 epochs of mnist-mini: %.4f bits/dim%n", bitsPerDim);
    }

    @Test
    void samplesAndReconstructionsAreGreyPictures() {
        Path grid = shared.resolve("samples.png");
        Cli.ok("sample", run.toString(), "--n", "4", "-o", grid.toString());
        assertThat(TinyRuns.png(grid).getWidth()).isPositive();
    }

    @Test
    void onnxExportRefusesTheLikelihoodInOneLine() {
        Cli.Result r = Cli.run(
                "export", run.toString(), "--out", shared.resolve("onnx").toString());
        assertThat(Cli.assertBadInput(r)).contains("discretized-logistic");
    }
}
