package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.AuxiliaryObjective;
import dev.vaekit.models.Batch;
import dev.vaekit.models.Capabilities;
import dev.vaekit.models.LossContext;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.nn.Parameters;
import dev.vaekit.objectives.Loss;
import dev.vaekit.objectives.ObjectiveConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's auxiliary objective (FactorVAE's discriminator) is trained beside it: one step of its own Adam after each
 * of the model's, on its own parameters only; its terms reach the metrics, the divergence guard watches it, and run
 * folders keep its state apart from the model's weights.
 */
class AuxiliaryObjectiveTrainingTest {
    @TempDir
    Path dir;

    @Test
    void itsStepMovesOnlyItsOwnParametersAndLeavesTheModelsGradientsAtZero() {
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(1);
            ModelConfig config =
                    RunFolders.factorVae("mnist-mini", 1, 4).model().withInputShape(1, 2, 2);
            try (Model model = Model.create(config, null, manager);
                    AuxiliaryTrainer discriminator =
                            new AuxiliaryTrainer(model.auxiliary().orElseThrow())) {
                Batch batch = new Batch(Fixtures.array(manager, new float[] {1, 0, 0, 1, 0, 1, 1, 0}, 2, 4));
                LossContext context = new LossContext(ObjectiveConfig.defaults(), 0, 10);
                // the model's backward pass leaves gradients on the discriminator, through the total correlation term
                try (GradientCollector collector = Engines.engine().newGradientCollector()) {
                    collector.backward(model.loss(batch, context).value());
                }
                model.parameters().zeroGradients(); // as the model's Adam does after its update
                NDList modelBefore = model.parameters().snapshot();
                NDList discriminatorBefore =
                        model.auxiliary().orElseThrow().parameters().snapshot();

                AuxiliaryTrainer.Step step = discriminator.step(Engines.engine(), batch, context);

                assertThat(step.outcome()).isEqualTo(StepResult.Outcome.APPLIED);
                assertThat(step.terms()).containsOnlyKeys("discriminatorLoss", "discriminatorAccuracy");
                assertThat(discriminator.optimizer().step()).isEqualTo(1);
                for (String name : model.parameters().asMap().keySet()) {
                    NDArray gradient = model.parameters().gradient(name);
                    assertThat(gradient.abs().max().getFloat()).as(name).isZero();
                    assertThat(model.parameters().asMap().get(name).toFloatArray())
                            .as(name)
                            .containsExactly(modelBefore.get(name).toFloatArray());
                }
                Parameters own = model.auxiliary().orElseThrow().parameters();
                double moved = 0;
                for (String name : own.asMap().keySet()) {
                    moved = Math.max(
                            moved,
                            Fixtures.maxAbsDiff(
                                    own.asMap().get(name).toFloatArray(),
                                    discriminatorBefore.get(name).toFloatArray()));
                }
                assertThat(moved).isGreaterThan(0);
            }
        }
    }

    @Test
    void aRunFolderKeepsItsStateApartFromTheModelsWeightsAndItsTermsReachTheMetrics() throws Exception {
        String data = Fixtures.writeCsv(dir.resolve("table.csv"), 300, 16, 2);
        Path run = dir.resolve("run");
        TrainingSession.run(RunFolders.factorVae(data, 2, 4), run, null, false, List.of());

        Manifest manifest = Checkpoint.verify(run);
        assertThat(manifest.files()).containsKey(Checkpoint.AUXILIARY);
        try (NDManager m = Engines.newManager();
                var weights = Files.newInputStream(run.resolve("weights.safetensors"));
                var auxiliary = Files.newInputStream(run.resolve(Checkpoint.AUXILIARY))) {
            NDList w = NDList.decode(m, weights);
            assertThat(names(w)).noneMatch(n -> n.startsWith("discriminator"));
            NDList a = NDList.decode(m, auxiliary);
            assertThat(names(a))
                    .contains(
                            "discriminator.out.weight",
                            "discriminator.out.weight.m",
                            "discriminator.out.weight.v",
                            AuxiliaryTrainer.STEP);
            assertThat(a.get(AuxiliaryTrainer.STEP).toLongArray()[0])
                    .isEqualTo(Checkpoint.load(run, m).state().steps());
        }
        List<EpochMetrics> epochs = MetricsLog.read(run.resolve(MetricsLog.FILE));
        assertThat(epochs).hasSize(2);
        for (EpochMetrics e : epochs) {
            assertThat(e.trainTerms()).containsKeys("tc", "discriminatorLoss", "discriminatorAccuracy");
            assertThat(e.trainTerms().get("discriminatorAccuracy")).isBetween(0.0, 1.0);
            // cross-entropy of two balanced classes: log 2 for a discriminator that cannot tell them apart
            assertThat(e.trainTerms().get("discriminatorLoss")).isBetween(0.3, 1.0);
        }
    }

    @Test
    void theDivergenceGuardStopsAtTheFirstNonFiniteAuxiliaryLoss() {
        try (NDManager manager = Engines.newManager()) {
            RunConfig c = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(2, 8, 1e-3, 0, 0, 1));
            Engines.seed(2);
            List<StepResult> steps = new ArrayList<>();
            try (Vae vae = new Vae(c.model(), manager);
                    Model model = new WithCritic(vae, manager, 3);
                    Trainer trainer = new Trainer(c, model)) {
                trainer.addListener(new TrainingListener() {
                            @Override
                            public void onBatchEnd(Trainer t, StepResult step) {
                                steps.add(step);
                            }
                        })
                        .addListener(new DivergenceGuard());
                assertThatThrownBy(() -> trainer.fit(Fixtures.tinyBinaryData(3, 64)))
                        .isInstanceOf(TrainingDivergedException.class)
                        .hasMessageContaining("critic's loss is NaN at epoch 1, batch 3");
            }
            assertThat(steps).hasSize(3);
            assertThat(steps.get(0).objective()).isNull();
            assertThat(steps.get(2).objective()).isEqualTo("critic");
            assertThat(steps.get(2).outcome()).isEqualTo(StepResult.Outcome.NON_FINITE_LOSS);
        }
    }

    /** A VAE with a critic whose loss turns NaN at a given step: a model of one's own with an auxiliary objective. */
    private static final class WithCritic implements Model {
        private final Vae vae;
        private final Parameters critic;
        private final NDArray weight;
        private final int nanAt;
        private int calls;

        WithCritic(Vae vae, NDManager manager, int nanAt) {
            this.vae = vae;
            this.critic = new Parameters(manager);
            this.weight = critic.constant("critic.weight", new Shape(1), 1f);
            this.nanAt = nanAt;
        }

        @Override
        public Optional<AuxiliaryObjective> auxiliary() {
            return Optional.of(new AuxiliaryObjective() {
                @Override
                public String name() {
                    return "critic";
                }

                @Override
                public Parameters parameters() {
                    return critic;
                }

                @Override
                public Optimizer optimizer() {
                    return new Optimizer(1e-3, 0.5, 0.9);
                }

                @Override
                public Result loss(Batch batch, LossContext context) {
                    NDArray value = weight.square().sum();
                    return new Result(++calls == nanAt ? value.add(Float.NaN) : value, Map.of());
                }
            });
        }

        @Override
        public ModelConfig config() {
            return vae.config();
        }

        @Override
        public Parameters parameters() {
            return vae.parameters();
        }

        @Override
        public Capabilities capabilities() {
            return vae.capabilities();
        }

        @Override
        public Loss loss(Batch batch, LossContext context) {
            return vae.loss(batch, context);
        }

        @Override
        public Loss validationLoss(Batch batch) {
            return vae.validationLoss(batch);
        }

        @Override
        public NDArray sample(NDManager manager, int n, double temperature, NDArray condition) {
            return vae.sample(manager, n, temperature, condition);
        }

        @Override
        public void close() {
            critic.close();
        }
    }

    private static List<String> names(NDList list) {
        return list.stream().map(NDArray::getName).toList();
    }
}
