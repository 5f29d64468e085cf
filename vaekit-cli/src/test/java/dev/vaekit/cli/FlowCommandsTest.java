package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.flows.FlowNormalization;
import dev.vaekit.models.FlowConfig;
import dev.vaekit.train.Configs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The commands on stand-alone flows: train, eval (exact, bits/dim), sample, density-plot, and clear refusals. */
class FlowCommandsTest {
    @TempDir
    static Path shared;

    private static Path moons;
    private static Path glow;

    @BeforeAll
    static void train() {
        moons = shared.resolve("moons");
        Cli.ok(
                "train",
                "--dataset",
                "moons",
                "--binarize",
                "none",
                "--model",
                "maf",
                "--hidden",
                "16,16",
                "--flow-length",
                "2",
                "--epochs",
                "2",
                "--batch-size",
                "200",
                "--quiet",
                "--out",
                moons.toString());
        glow = shared.resolve("glow");
        Cli.ok(
                "train",
                "--dataset",
                "mnist-mini",
                "--binarize",
                "none",
                "--model",
                "glow",
                "--dequantize",
                "--flow-transform", // the logit learns MNIST's spikes at 0 and 255 far faster than Glow's shift
                "logit",
                "--hidden",
                "4",
                "--flow-levels",
                "1",
                "--flow-length",
                "1",
                "--epochs",
                "1",
                "--validation",
                "0",
                "--quiet",
                "--out",
                glow.toString());
    }

    @Test
    void evalReportsTheExactLikelihoodAndBitsPerDimension() {
        Cli.Result r = Cli.ok("eval", glow.toString(), "--eval-size", "50", "--json");
        JsonNode o = Configs.json().readTree(r.out());
        double nll = o.get("nll").asDouble();
        assertThat(o.get("testSize").asInt()).isEqualTo(50);
        assertThat(o.get("bitsPerDim").asDouble()).isCloseTo(nll / (784 * Math.log(2)), within(1e-9));
        // after one epoch on 5000 images: far below the 8 bits/dim of a uniform model, far above zero
        assertThat(o.get("bitsPerDim").asDouble()).isBetween(0.5, 8.0);
        assertThat(o.get("estimator").asString()).contains("dequantization");
        assertThat(o.get("k").asInt()).isEqualTo(1);
        Cli.Result table = Cli.ok("eval", moons.toString(), "--eval-size", "100");
        assertThat(table.out()).contains("exact flow density").contains("bits/dim");
    }

    @Test
    void evalAveragesDequantizationDrawsOnlyWhereThereAreAny() {
        JsonNode o = Configs.json()
                .readTree(Cli.ok("eval", glow.toString(), "--eval-size", "20", "--k", "4", "--json")
                        .out());
        assertThat(o.get("k").asInt()).isEqualTo(4);
        assertThat(o.get("estimator").asString()).contains("log-mean-exp over k = 4");
        String line = Cli.assertBadInput(Cli.run("eval", moons.toString(), "--k", "3"));
        assertThat(line).contains("--k 3").contains("exact density");
    }

    @Test
    void scoreWritesEachExamplesExactLogLikelihoodWhoseMeanIsEvals() throws Exception {
        Path csv = shared.resolve("glow-scores.csv");
        Cli.Result r = Cli.ok("score", glow.toString(), "--n", "30", "--seed", "3", "-o", csv.toString());
        assertThat(r.out()).contains("scored 30 examples").contains("1 dequantization draws");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(31);
        assertThat(lines.get(0)).isEqualTo("index,label,log_px,bits_per_dim");
        double sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double logPx = Double.parseDouble(f[2]);
            assertThat(Double.parseDouble(f[3])).isCloseTo(-logPx / (784 * Math.log(2)), within(1e-5));
            sum += logPx;
        }
        JsonNode o = Configs.json()
                .readTree(Cli.ok("eval", glow.toString(), "--eval-size", "30", "--seed", "3", "--json")
                        .out());
        // the same dequantization draws, so the same numbers up to the CSV's six decimals
        assertThat(-sum / 30).isCloseTo(o.get("nll").asDouble(), within(1e-4));

        Path moonScores = shared.resolve("moons-scores.csv");
        Cli.ok("score", moons.toString(), "--n", "40", "--split", "train", "-o", moonScores.toString());
        assertThat(Files.readAllLines(moonScores)).hasSize(41).first().isEqualTo("index,label,log_px,bits_per_dim");
        String line = Cli.assertBadInput(Cli.run("score", moons.toString(), "--k", "4", "-o", moonScores.toString()));
        assertThat(line).contains("--k 4").contains("exact density");
    }

    @Test
    void sampleWritesImagesForImagesAndRowsForVectors() throws Exception {
        Path png = shared.resolve("glow-samples.png");
        Cli.ok("sample", glow.toString(), "--n", "4", "--temperature", "0.7", "-o", png.toString());
        assertThat(Files.size(png)).isPositive();
        Cli.Result r = Cli.ok("sample", moons.toString(), "--n", "10");
        Path csv = moons.resolve("samples.csv");
        assertThat(r.out()).contains(csv.toString());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(11);
        assertThat(lines.get(0)).isEqualTo("x0,x1");
    }

    @Test
    void densityPlotDrawsAndReportsTheMassOnTheWindow() throws Exception {
        Cli.Result r = Cli.ok("density-plot", moons.toString(), "--grid", "100", "--window", "-6,6,-6,6");
        assertThat(Files.size(moons.resolve("density.png"))).isPositive();
        String mass = r.out().replaceAll("(?s).*density mass on the window ([0-9.]+).*", "$1");
        assertThat(Double.parseDouble(mass)).isCloseTo(1.0, within(0.05));
    }

    @Test
    void commandsThatNeedAnAutoencoderRefuseAFlowInOneLine() {
        for (String command : List.of("encode", "reconstruct", "manifold", "export")) {
            String line = Cli.assertBadInput(Cli.run(
                    command, glow.toString(), "-o", shared.resolve("x.csv").toString()));
            assertThat(line).as(command).contains("glow flow");
        }
        String line = Cli.assertBadInput(Cli.run("density-plot", glow.toString()));
        assertThat(line).contains("continuous 2-dimensional data");
    }

    @Test
    void aRealNvpWithBatchNormTrainsSavesItsAveragesAndScores() throws Exception {
        Path run = shared.resolve("realnvp-bn");
        Cli.ok(
                "train",
                "--dataset",
                "mnist-mini",
                "--binarize",
                "none",
                "--model",
                "realnvp",
                "--flow-norm",
                "batchnorm",
                "--dequantize",
                "--hidden",
                "4",
                "--residual-blocks",
                "1",
                "--flow-levels",
                "1",
                "--epochs",
                "1",
                "--validation",
                "0",
                "--quiet",
                "--out",
                run.toString());
        assertThat(Configs.read(run.resolve("config.json"))
                        .model()
                        .family(FlowConfig.class)
                        .flowNorm())
                .isEqualTo(FlowNormalization.BATCHNORM);
        assertThat(Files.readString(run.resolve("weights.safetensors"), StandardCharsets.ISO_8859_1))
                .contains("flow.0.checkerboard.0.norm.runningMean");
        JsonNode o = Configs.json()
                .readTree(Cli.ok("eval", run.toString(), "--eval-size", "50", "--json")
                        .out());
        assertThat(o.get("bitsPerDim").asDouble()).isBetween(0.5, 8.0);
        Path png = shared.resolve("realnvp-bn-samples.png");
        Cli.ok("sample", run.toString(), "--n", "4", "-o", png.toString());
        assertThat(Files.size(png)).isPositive();

        String line = Cli.assertBadInput(Cli.run(
                "train",
                "--dataset",
                "mnist-mini",
                "--binarize",
                "none",
                "--model",
                "glow",
                "--flow-norm",
                "batchnorm",
                "--out",
                shared.resolve("refused").toString()));
        assertThat(line).contains("a glow has no such choice");
        assertThat(shared.resolve("refused")).doesNotExist();
    }
}
