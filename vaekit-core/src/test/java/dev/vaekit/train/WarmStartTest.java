package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.io.Checkpoint;
import dev.vaekit.io.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warm start ({@code train --init-from}) begins from the source run's weights, all of them. */
class WarmStartTest {
    @TempDir
    Path dir;

    private static RunConfig flow(double learningRate) {
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        "moons",
                        "data.binarization",
                        "none",
                        "data.validationFraction",
                        0.0,
                        "model.type",
                        "realnvp",
                        "model.hidden",
                        List.of(16),
                        "model.flowLength",
                        2,
                        "training.epochs",
                        2,
                        "training.batchSize",
                        200,
                        "training.learningRate",
                        learningRate));
    }

    @Test
    void aWarmStartedFlowKeepsItsActnormInsteadOfReinitialisingIt() {
        Path source = dir.resolve("source");
        Path warm = dir.resolve("warm");
        TrainingSession.run(flow(2e-3), source, null, false, List.of());

        // with a vanishing learning rate the warm start must end where the source ended; re-running actnorm's
        // data-dependent initialisation on its first batch would move the actnorm parameters far from there
        TrainingSession.run(flow(1e-12), warm, null, false, source, List.of());

        try (NDManager manager = Engines.newManager()) {
            Map<String, NDArray> before =
                    Checkpoint.load(source, manager).model().parameters().asMap();
            Map<String, NDArray> after =
                    Checkpoint.load(warm, manager).model().parameters().asMap();
            assertThat(after.keySet()).isEqualTo(before.keySet()).anyMatch(name -> name.contains("norm"));
            for (String name : before.keySet()) {
                float change = after.get(name).sub(before.get(name)).abs().max().getFloat();
                assertThat(change).as(name).isLessThan(1e-6f);
            }
        }
        assertThat(Files.exists(warm.resolve(TrainingSession.INIT_FROM_FILE))).isTrue();
    }

    @Test
    void aWarmStartFromItsOwnFolderOrWithResumeIsRefused() {
        Path source = dir.resolve("source");
        TrainingSession.run(flow(2e-3), source, null, false, List.of());

        assertThatThrownBy(() -> TrainingSession.run(flow(2e-3), source, null, true, source, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resumed run continues its own weights");
        Path fresh = dir.resolve("fresh");
        assertThatThrownBy(() -> TrainingSession.run(flow(2e-3), fresh, null, false, fresh, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("own folder");
        assertThat(fresh).doesNotExist(); // refused before anything was written
    }
}
