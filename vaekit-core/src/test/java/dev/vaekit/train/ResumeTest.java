package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training 2 epochs and resuming to 4 must give what 4 uninterrupted epochs give. */
class ResumeTest {
    @TempDir
    Path dir;

    private RunConfig config(int epochs) {
        // a small table and network keep this quick; dynamic binarisation, validation, KL warm-up and weight averaging
        // stay on, so every random draw and every epoch-dependent setting matters
        String data = Fixtures.writeCsv(dir.resolve("table.csv"), 600, 64, 1);
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        data,
                        "model.hidden",
                        List.of(32),
                        "model.latentDim",
                        4,
                        "training.epochs",
                        epochs,
                        "training.batchSize",
                        50,
                        "training.seed",
                        5,
                        "objective.warmupEpochs",
                        3.0,
                        "training.emaDecay",
                        0.9));
    }

    @Test
    void resumingAtAnEpochBoundaryRepeatsTheUninterruptedRun() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        Path straight = dir.resolve("straight");

        TrainingSession.run(config(2), interrupted, null, false, List.of());
        assertThat(Checkpoint.verify(interrupted).epochsDone()).isEqualTo(2);
        // a line of an epoch that never reached its checkpoint (a crash just before it) must be dropped
        Files.writeString(
                interrupted.resolve(MetricsLog.FILE),
                Files.readAllLines(interrupted.resolve(MetricsLog.FILE)).get(1).replace("\"epoch\":2", "\"epoch\":3")
                        + "\n",
                StandardOpenOption.APPEND);
        TrainingSession.Result resumed = RunFolders.resume(interrupted, 4);
        TrainingSession.Result uninterrupted = TrainingSession.run(config(4), straight, null, false, List.of());

        assertThat(resumed.state().epochsDone()).isEqualTo(4);
        assertThat(resumed.state().steps()).isEqualTo(uninterrupted.state().steps());
        double weights = RunFolders.maxDifference(
                interrupted.resolve("weights.safetensors"), straight.resolve("weights.safetensors"));
        double moments = RunFolders.maxDifference(
                interrupted.resolve("optimizer.safetensors"), straight.resolve("optimizer.safetensors"));
        assertThat(weights).as("max |weight difference|").isLessThanOrEqualTo(1e-5);
        assertThat(moments).as("max |Adam moment difference|").isLessThanOrEqualTo(1e-5);
        double averages = RunFolders.maxDifference(
                interrupted.resolve(Checkpoint.AVERAGED_WEIGHTS), straight.resolve(Checkpoint.AVERAGED_WEIGHTS));
        assertThat(averages).as("max |averaged weight difference|").isLessThanOrEqualTo(1e-5);

        List<EpochMetrics> a = MetricsLog.read(interrupted.resolve(MetricsLog.FILE));
        List<EpochMetrics> b = MetricsLog.read(straight.resolve(MetricsLog.FILE));
        assertThat(a).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4);
        for (int i = 0; i < 4; i++) {
            assertThat(a.get(i).trainLoss())
                    .as("epoch %d", i + 1)
                    .isCloseTo(b.get(i).trainLoss(), org.assertj.core.api.Assertions.within(1e-4));
            assertThat(a.get(i).klWeight()).isEqualTo(b.get(i).klWeight());
        }
        TrainerState sa =
                Configs.parseJson(Files.readString(interrupted.resolve("trainer-state.json")), TrainerState.class, "a");
        TrainerState sb =
                Configs.parseJson(Files.readString(straight.resolve("trainer-state.json")), TrainerState.class, "b");
        assertThat(sa.epochsDone()).isEqualTo(sb.epochsDone());
        assertThat(sa.steps()).isEqualTo(sb.steps());
        assertThat(sa.epochsWithoutImprovement()).isEqualTo(sb.epochsWithoutImprovement());
        assertThat(Configs.read(interrupted.resolve("config.json")).training().epochs())
                .isEqualTo(4);
    }
}
