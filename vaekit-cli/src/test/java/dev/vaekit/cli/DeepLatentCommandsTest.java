package dev.vaekit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Checkpoint;
import dev.vaekit.train.Configs;
import dev.vaekit.train.EpochMetrics;
import dev.vaekit.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The hierarchical and discrete-latent families through every command their capabilities allow: each is trained for
 * two epochs of mnist-mini at a tiny size, its checkpoint reloads to the same weights and numbers (also once packed as a
 * model folder), and eval, score, sample, encode, decode, reconstruct and interpolate work on it; export is refused in
 * one line, as the VQ-VAE refuses importance samples and draws from q.
 */
class DeepLatentCommandsTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** Each family's run, by type, with the code width its encode writes. */
    private static final Map<String, Path> RUNS = new LinkedHashMap<>();

    /** The training flags of each type, beyond the data, the epochs and the folder. */
    private static final Map<String, List<String>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put(
                "dense-ladder-vae",
                List.of("--hidden", "32", "--latent-dim", "2", "--lower-latents", "8", "--upper-hidden", "16"));
        FLAGS.put(
                "nvae",
                List.of(
                        "--hidden",
                        "4",
                        "--residual-blocks",
                        "1",
                        "--latent-dim",
                        "2",
                        "--latent-channels",
                        "2",
                        "--groups-per-scale",
                        "1"));
        FLAGS.put("dense-categorical-vae", List.of("--hidden", "32", "--latent-dim", "4", "--categories", "5"));
        FLAGS.put("dense-joint-vae", List.of("--hidden", "32", "--latent-dim", "3", "--discrete", "4"));
        FLAGS.put(
                "dense-vq-vae",
                List.of(
                        "--hidden",
                        "32",
                        "--latent-dim",
                        "4",
                        "--codebook-size",
                        "8",
                        "--embedding-dim",
                        "3",
                        "--prior-layers",
                        "1",
                        "--prior-channels",
                        "4",
                        "--autoencoder-epochs",
                        "1"));
    }

    @BeforeAll
    static void train() {
        for (Map.Entry<String, List<String>> e : FLAGS.entrySet()) {
            Path run = shared.resolve(e.getKey());
            List<String> args = new ArrayList<>(List.of(
                    "train",
                    "--model",
                    e.getKey(),
                    "--dataset",
                    "mnist-mini",
                    "--epochs",
                    "2",
                    "--batch-size",
                    "100",
                    "--quiet",
                    "--threads",
                    "1",
                    "--out",
                    run.toString()));
            args.addAll(e.getValue());
            Cli.ok(args.toArray(String[]::new));
            RUNS.put(e.getKey(), run);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFamilyRunsThroughTheCommands() {
        return RUNS.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> commands(e.getKey(), e.getValue())));
    }

    private JsonNode eval(Path run, String... extra) {
        List<String> args = new ArrayList<>(List.of("eval", run.toString(), "--eval-size", "30", "--json"));
        args.addAll(List.of(extra));
        return Configs.json().readTree(Cli.ok(args.toArray(String[]::new)).out());
    }

    private void commands(String type, Path run) throws Exception {
        boolean vq = type.equals("dense-vq-vae");
        Path dir = Files.createDirectories(this.dir.resolve(type));
        int latentDim = Configs.read(run.resolve("config.json")).model().latentDim();

        // training wrote two epochs whose bound is finite, and a checkpoint that reloads to the same tensors
        List<EpochMetrics> epochs = MetricsLog.read(run.resolve(MetricsLog.FILE));
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2);
        assertThat(epochs.get(1).trainBound()).isFinite();
        assertThat(epochs.get(1).validationLoss()).isFinite();
        try (NDManager a = Engines.newManager();
                NDManager b = Engines.newManager()) {
            Checkpoint.Loaded first = Checkpoint.load(run, a);
            Checkpoint.Loaded second = Checkpoint.load(run, b);
            try (NDList x = first.model().parameters().snapshot();
                    NDList y = second.model().parameters().snapshot()) {
                assertThat(x.size()).isEqualTo(y.size());
                for (int i = 0; i < x.size(); i++) {
                    assertThat(y.get(i).getName()).isEqualTo(x.get(i).getName());
                    assertThat(y.get(i).toFloatArray()).containsExactly(x.get(i).toFloatArray());
                }
            }
            first.model().close();
            second.model().close();
        }

        // eval: the same numbers from the run, again, and from a packed copy of its weights
        String[] k = vq ? new String[0] : new String[] {"--k", "4"};
        JsonNode once = eval(run, k);
        JsonNode again = eval(run, k);
        Path packed = dir.resolve("packed");
        Cli.ok("pack", run.toString(), "-o", packed.toString());
        JsonNode fromPack = eval(packed, k);
        assertThat(once.get("nll").asDouble()).isFinite().isPositive();
        assertThat(again.get("nll").asDouble()).isEqualTo(once.get("nll").asDouble());
        assertThat(fromPack.get("nll").asDouble()).isEqualTo(once.get("nll").asDouble());
        assertThat(once.get("elbo").asDouble())
                .isLessThanOrEqualTo(-once.get("nll").asDouble() + 1e-9);
        if (vq) {
            assertThat(once.get("k").asInt()).isEqualTo(1);
            assertThat(once.get("codesUsed").asInt()).isBetween(1, 8);
            String refused = Cli.assertBadInput(Cli.run("eval", run.toString(), "--k", "5"));
            assertThat(refused).contains("--k 1");
        } else {
            assertThat(once.get("estimator").asString()).contains("importance sampling");
        }

        // score, sample, encode, decode, reconstruct, interpolate
        Path scores = dir.resolve("scores.csv");
        Cli.ok("score", run.toString(), "--n", "10", "-o", scores.toString());
        assertThat(Files.readAllLines(scores)).hasSize(11);
        Path samples = dir.resolve("samples.png");
        Cli.ok("sample", run.toString(), "--n", "4", "-o", samples.toString());
        assertThat(TinyRuns.png(samples).getWidth()).isPositive();
        Path codes = dir.resolve("codes.csv");
        Cli.Result encoded = Cli.ok("encode", run.toString(), "--n", "5", "-o", codes.toString());
        List<String> lines = Files.readAllLines(codes);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0).split(",")).hasSize(latentDim + 1); // z0 … z(D−1), label
        if (vq || type.contains("categorical")) {
            // every entry is a class or codebook index
            for (String value : lines.get(1).split(",")) {
                double v = Double.parseDouble(value);
                assertThat(v).isEqualTo(Math.rint(v));
            }
        }
        assertThat(encoded.out()).isNotBlank();
        TinyRuns.decodeReconstructInterpolate(run, codes, dir, 4, "--steps", "3");
        if (vq) {
            String line = Cli.assertBadInput(Cli.run(
                    "encode",
                    run.toString(),
                    "--sample",
                    "-o",
                    dir.resolve("s.csv").toString()));
            assertThat(line).contains("no q(z|x)");
        } else {
            Cli.ok(
                    "encode",
                    run.toString(),
                    "--n",
                    "5",
                    "--sample",
                    "-o",
                    dir.resolve("drawn.csv").toString());
        }

        // export needs a network whose output is the code: refused in one line
        String export = Cli.assertBadInput(
                Cli.run("export", run.toString(), "-o", dir.resolve("onnx").toString()));
        assertThat(export).contains("ONNX export");
    }
}
