package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FactorVAE trained one epoch and resumed to two equals two uninterrupted epochs: the VAE's weights and moments, and
 * its discriminator's weights, moments and step count (auxiliary.safetensors).
 */
class AuxiliaryResumeTest {
    @TempDir
    Path dir;

    private RunConfig config(int epochs) {
        String data = Fixtures.writeCsv(dir.resolve("table.csv"), 400, 16, 1);
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        data,
                        "model.type",
                        "dense-factor-vae",
                        "model.hidden",
                        List.of(16),
                        "model.latentDim",
                        3,
                        "model.discriminatorWidth",
                        16,
                        "model.discriminatorLayers",
                        3,
                        "training.epochs",
                        epochs,
                        "training.batchSize",
                        50,
                        "training.seed",
                        6));
    }

    private static double maxDifference(Path a, Path b) throws Exception {
        try (NDManager m = Engines.newManager();
                var ia = Files.newInputStream(a);
                var ib = Files.newInputStream(b)) {
            NDList la = NDList.decode(m, ia);
            NDList lb = NDList.decode(m, ib);
            assertThat(names(lb)).containsExactlyElementsOf(names(la));
            double max = 0;
            for (NDArray x : la) {
                double[] dx = x.toType(DataType.FLOAT64, true).toDoubleArray();
                double[] dy = lb.get(x.getName()).toType(DataType.FLOAT64, true).toDoubleArray();
                for (int i = 0; i < dx.length; i++) {
                    max = Math.max(max, Math.abs(dx[i] - dy[i]));
                }
            }
            return max;
        }
    }

    @Test
    void resumingAfterAnEpochRepeatsTheUninterruptedRunDiscriminatorIncluded() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        Path straight = dir.resolve("straight");
        TrainingSession.run(config(1), interrupted, null, false, List.of());
        RunConfig saved = Configs.read(interrupted.resolve("config.json"));
        TrainingSession.run(saved.withTraining(saved.training().withEpochs(2)), interrupted, null, true, List.of());
        TrainingSession.run(config(2), straight, null, false, List.of());

        for (String file : List.of("weights.safetensors", "optimizer.safetensors", Checkpoint.AUXILIARY)) {
            assertThat(maxDifference(interrupted.resolve(file), straight.resolve(file)))
                    .as("max |difference| in %s", file)
                    .isLessThanOrEqualTo(1e-5);
        }
        List<EpochMetrics> a = MetricsLog.read(interrupted.resolve(MetricsLog.FILE));
        List<EpochMetrics> b = MetricsLog.read(straight.resolve(MetricsLog.FILE));
        assertThat(a).hasSize(2);
        for (String term : List.of("tc", "discriminatorLoss", "discriminatorAccuracy")) {
            assertThat(a.get(1).trainTerms().get(term))
                    .as(term)
                    .isCloseTo(b.get(1).trainTerms().get(term), within(1e-5));
        }
    }

    @Test
    void aCheckpointWithoutTheDiscriminatorsStateIsRefusedInOneLine() throws Exception {
        Path run = dir.resolve("run");
        TrainingSession.run(config(1), run, null, false, List.of());
        // rewrite the manifest without the auxiliary file, as a checkpoint written before FactorVAE existed would be
        Path manifest = run.resolve(Checkpoint.MANIFEST);
        Manifest m = Checkpoint.verify(run);
        Map<String, String> files = new java.util.LinkedHashMap<>(m.files());
        files.remove(Checkpoint.AUXILIARY);
        Files.writeString(
                manifest,
                Configs.toJson(new Manifest(
                        m.format(),
                        m.formatVersion(),
                        m.vaekitVersion(),
                        m.djlVersion(),
                        m.pytorchVersion(),
                        m.seed(),
                        m.dataset(),
                        m.epochsDone(),
                        m.createdAt(),
                        files)));
        RunConfig saved = Configs.read(run.resolve("config.json"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingSession.run(
                        saved.withTraining(saved.training().withEpochs(2)), run, null, true, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no state of the model's discriminator (auxiliary.safetensors)");
    }

    private static List<String> names(NDList list) {
        return list.stream().map(NDArray::getName).toList();
    }
}
