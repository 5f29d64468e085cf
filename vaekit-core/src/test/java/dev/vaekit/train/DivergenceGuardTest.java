package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.Vae;
import dev.vaekit.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The divergence guard stops training at the first non-finite loss or weight, or after too many steps in a row with a
 * non-finite gradient, before a bad step reaches a checkpoint.
 */
class DivergenceGuardTest {
    @TempDir
    Path dir;

    private RunConfig config(double lr, int epochs) {
        String data = Fixtures.writeCsv(dir.resolve("table.csv"), 500, 64, 2);
        return Configs.build(
                null,
                Map.of(
                        "data.dataset",
                        data,
                        "model.hidden",
                        List.of(32),
                        "model.latentDim",
                        4,
                        "training.learningRate",
                        lr,
                        "training.epochs",
                        epochs,
                        "training.batchSize",
                        50,
                        "training.seed",
                        3));
    }

    @Test
    void finiteLossesPassAndTheFirstNonFiniteOneStopsTraining() {
        try (NDManager manager = Engines.newManager()) {
            RunConfig c = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(5, 8, 1e-3, 0, 0, 1));
            try (Vae model = new Vae(c.model(), manager);
                    Trainer trainer = new Trainer(c, model)) {
                DivergenceGuard guard = new DivergenceGuard();
                guard.onEpochStart(trainer, 3);
                guard.onBatchEnd(trainer, new StepResult(3, 1, 123.4, StepResult.Outcome.APPLIED));
                guard.onBatchEnd(trainer, new StepResult(3, 2, -1e30, StepResult.Outcome.APPLIED));

                for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                    assertThatThrownBy(() -> guard.onBatchEnd(
                                    trainer, new StepResult(3, 7, bad, StepResult.Outcome.NON_FINITE_LOSS)))
                            .isInstanceOf(TrainingDivergedException.class)
                            .hasMessageContaining("loss is " + bad)
                            .hasMessageContaining("at epoch 3, batch 7")
                            .hasMessageContaining("the last checkpoint holds epoch 0")
                            .hasMessageContaining("--lr");
                }
                assertThatThrownBy(() -> guard.onBatchEnd(
                                trainer, new StepResult(3, 8, 12.5, StepResult.Outcome.NON_FINITE_WEIGHTS)))
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageContaining("a weight became non-finite at epoch 3, batch 8")
                        .hasMessageContaining("the last checkpoint holds epoch 0")
                        .hasMessageContaining("--lr");
            }
        }
    }

    @Test
    void stepsWithANonFiniteGradientAreSkippedUntilTooManyComeInARow() {
        try (NDManager manager = Engines.newManager()) {
            RunConfig c = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(5, 8, 1e-3, 0, 0, 1));
            try (Vae model = new Vae(c.model(), manager);
                    Trainer trainer = new Trainer(c, model)) {
                DivergenceGuard guard = new DivergenceGuard();
                int batch = 0;
                for (int i = 1; i < DivergenceGuard.MAX_CONSECUTIVE_SKIPS; i++) {
                    guard.onBatchEnd(trainer, new StepResult(2, ++batch, 5.0, StepResult.Outcome.NON_FINITE_GRADIENT));
                }
                // an applied step starts the count again
                guard.onBatchEnd(trainer, new StepResult(2, ++batch, 5.0, StepResult.Outcome.APPLIED));
                for (int i = 1; i < DivergenceGuard.MAX_CONSECUTIVE_SKIPS; i++) {
                    guard.onBatchEnd(trainer, new StepResult(2, ++batch, 5.0, StepResult.Outcome.NON_FINITE_GRADIENT));
                }
                int last = ++batch;
                assertThatThrownBy(() -> guard.onBatchEnd(
                                trainer, new StepResult(2, last, 5.0, StepResult.Outcome.NON_FINITE_GRADIENT)))
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageContaining(DivergenceGuard.MAX_CONSECUTIVE_SKIPS
                                + " steps in a row had a non-finite gradient (the loss, 5.0, is finite)")
                        .hasMessageContaining("at epoch 2, batch " + last)
                        .hasMessageContaining("the last checkpoint holds epoch 0");
            }
        }
    }

    @Test
    void aBareTrainerStepsOnAndTheGuardStopsItAtTheFirstNonFiniteLoss() {
        RunConfig c = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(3, 8, 1e-3, 0, 0, 1));
        Dataset data = Fixtures.tinyBinaryData(1, 64);
        try (NDManager manager = Engines.newManager()) {
            // a NaN decoder bias: every loss is NaN, so no update is ever applied
            List<StepResult> bare = new ArrayList<>();
            try (Vae model = new Vae(c.model(), manager);
                    Trainer trainer = new Trainer(c, model)) {
                Fixtures.setParameter(model, "decoder.out.bias", Float.NaN, 0f, 0f, 0f);
                trainer.addListener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(Trainer t, StepResult step) {
                        bare.add(step);
                    }
                });
                assertThat(trainer.fit(data).epochsDone()).isEqualTo(3);
            }
            assertThat(bare).hasSize(24).allMatch(s -> s.outcome() == StepResult.Outcome.NON_FINITE_LOSS);

            try (Vae model = new Vae(c.model(), manager);
                    Trainer trainer = new Trainer(c, model)) {
                Fixtures.setParameter(model, "decoder.out.bias", Float.NaN, 0f, 0f, 0f);
                trainer.addListener(new DivergenceGuard());
                assertThatThrownBy(() -> trainer.fit(data))
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageContaining("loss is NaN at epoch 1, batch 1")
                        .hasMessageContaining("the last checkpoint holds epoch 0");
            }
        }
    }

    @Test
    void aHugeLearningRateDivergesAndNoCheckpointOfADivergedEpochIsWritten() throws Exception {
        Path run = dir.resolve("run");

        TrainingDivergedException e = catchThrowableOfType(
                TrainingDivergedException.class,
                () -> TrainingSession.run(config(1e6, 3), run, null, false, List.of()));

        assertThat(e).as("a learning rate of 1e6 must make the loss non-finite").isNotNull();
        assertThat(e.getMessage()).contains("training diverged").contains("at epoch 1");
        assertThat(Checkpoint.exists(run)).isFalse();
        assertThat(MetricsLog.read(run.resolve(MetricsLog.FILE))).isEmpty();
    }

    @Test
    void afterDivergingTheLastGoodCheckpointIsStillLoadable() throws Exception {
        Path run = dir.resolve("run");
        TrainingSession.run(config(1e-3, 1), run, null, false, List.of());
        String weightsHash = AtomicFiles.sha256(run.resolve("weights.safetensors"));
        RunConfig saved = Configs.read(run.resolve("config.json"));
        RunConfig explosive = new RunConfig(
                saved.data(),
                saved.model(),
                saved.objective(),
                new TrainingConfig(
                        3,
                        saved.training().batchSize(),
                        1e6,
                        0.9,
                        0.999,
                        LrSchedule.CONSTANT,
                        0.95,
                        0,
                        0,
                        saved.training().seed(),
                        0,
                        0));

        assertThatThrownBy(() -> TrainingSession.run(explosive, run, null, true, List.of()))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("at epoch 2")
                .hasMessageContaining("the last checkpoint holds epoch 1");

        assertThat(Checkpoint.verify(run).epochsDone()).isEqualTo(1);
        assertThat(AtomicFiles.sha256(run.resolve("weights.safetensors"))).isEqualTo(weightsHash);
        assertThat(MetricsLog.read(run.resolve(MetricsLog.FILE)))
                .extracting(EpochMetrics::epoch)
                .containsExactly(1);
        try (NDManager manager = Engines.newManager()) {
            Checkpoint.Loaded loaded = Checkpoint.load(run, manager);
            assertThat(loaded.state().epochsDone()).isEqualTo(1);
            float[] w = Fixtures.parameter(loaded.model(), "decoder.out.weight");
            for (float v : w) {
                assertThat(v).isFinite();
            }
            loaded.model().close();
        }
        try (var files = Files.list(run)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
