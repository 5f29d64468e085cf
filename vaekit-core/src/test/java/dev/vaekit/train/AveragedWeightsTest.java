package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
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
 * A run that averages its weights (training.emaDecay) commits the average beside the last weights, the commands use it
 * by default when there is no validation data to pick an epoch, and a resume may start or stop averaging.
 */
class AveragedWeightsTest {
    @TempDir
    Path dir;

    private static final String PROBE = "decoder.out.weight";

    private RunConfig config(double emaDecay, int epochs) {
        String data = Fixtures.writeCsv(dir.resolve("table.csv"), 300, 16, 2);
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        data,
                        "data.validationFraction",
                        0.0,
                        "model.hidden",
                        List.of(16),
                        "model.latentDim",
                        2,
                        "training.epochs",
                        epochs,
                        "training.batchSize",
                        30,
                        "training.emaDecay",
                        emaDecay));
    }

    private float[] probe(Path run, Checkpoint.Weights which) {
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(run, manager, which);
            try (var model = loaded.model()) {
                return Fixtures.parameter(model, PROBE);
            }
        }
    }

    @Test
    void theAverageIsCommittedAndIsWhatARunWithoutValidationIsUsedWith() throws Exception {
        Path run = dir.resolve("averaged");
        TrainingSession.run(config(0.9, 3), run, null, false, List.of());

        assertThat(Checkpoint.verify(run).files()).containsKey(Checkpoint.AVERAGED_WEIGHTS);
        float[] best = probe(run, Checkpoint.Weights.BEST);
        assertThat(best).containsExactly(probe(run, Checkpoint.Weights.AVERAGED));
        assertThat(best).isNotEqualTo(probe(run, Checkpoint.Weights.LAST));
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(run, manager, Checkpoint.Weights.BEST);
            loaded.model().close();
            assertThat(loaded.averagedWeights()).isTrue();
            assertThat(loaded.weightsDescription()).isEqualTo("weights averaged over training to epoch 3 (decay 0.9)");
        }

        // a damaged average is refused like any other file of the checkpoint
        Files.write(run.resolve(Checkpoint.AVERAGED_WEIGHTS), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Checkpoint.verify(run))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(Checkpoint.AVERAGED_WEIGHTS);
    }

    @Test
    void aRunWithoutAnAverageRefusesToLoadOne() {
        Path run = dir.resolve("plain");
        TrainingSession.run(config(0, 1), run, null, false, List.of());

        assertThat(run.resolve(Checkpoint.AVERAGED_WEIGHTS)).doesNotExist();
        assertThat(probe(run, Checkpoint.Weights.BEST)).containsExactly(probe(run, Checkpoint.Weights.LAST));
        assertThatThrownBy(() -> probe(run, Checkpoint.Weights.AVERAGED))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keeps no average of its weights");
    }

    @Test
    void aResumeMayStartAndStopAveraging() {
        Path run = dir.resolve("switched");
        RunConfig plain = config(0, 1);
        TrainingSession.run(plain, run, null, false, List.of());
        float[] before = probe(run, Checkpoint.Weights.LAST);

        RunConfig on = plain.withTraining(plain.training().withEpochs(2).withEmaDecay(0.999));
        TrainingSession.run(on, run, null, true, List.of());
        assertThat(Configs.read(run.resolve("config.json")).training().emaDecay())
                .isEqualTo(0.999);
        // begun at the resume from the loaded weights, the average differs from them and from the last weights
        float[] averaged = probe(run, Checkpoint.Weights.AVERAGED);
        assertThat(averaged).isNotEqualTo(before).isNotEqualTo(probe(run, Checkpoint.Weights.LAST));

        RunConfig off = on.withTraining(on.training().withEpochs(3).withEmaDecay(0));
        TrainingSession.run(off, run, null, true, List.of());
        assertThat(run.resolve(Checkpoint.AVERAGED_WEIGHTS)).doesNotExist();
        assertThat(Checkpoint.verify(run).files()).doesNotContainKey(Checkpoint.AVERAGED_WEIGHTS);
    }
}
