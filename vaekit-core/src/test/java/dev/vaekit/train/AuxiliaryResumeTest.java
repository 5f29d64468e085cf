package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
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
        return RunFolders.factorVae(Fixtures.writeCsv(dir.resolve("table.csv"), 400, 16, 1), epochs, 6);
    }

    @Test
    void resumingAfterAnEpochRepeatsTheUninterruptedRunDiscriminatorIncluded() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        Path straight = dir.resolve("straight");
        TrainingSession.run(config(1), interrupted, null, false, List.of());
        RunFolders.resume(interrupted, 2);
        TrainingSession.run(config(2), straight, null, false, List.of());

        for (String file : List.of("weights.safetensors", "optimizer.safetensors", Checkpoint.AUXILIARY)) {
            assertThat(RunFolders.maxDifference(interrupted.resolve(file), straight.resolve(file)))
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunFolders.resume(run, 2))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("holds no state of the model's discriminator (auxiliary.safetensors)");
    }
}
