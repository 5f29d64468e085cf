package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.ToyDatasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.eval.LikelihoodReport;
import dev.vaekit.flows.Dequantization;
import dev.vaekit.flows.StandardNormalBase;
import dev.vaekit.flows.StudentTBase;
import dev.vaekit.train.Configs;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.TrainingSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stand-alone flows: a normalised density, exact 8-bit bookkeeping, sampling by inversion, and learning. */
class FlowModelTest {
    private static final Dataset MOONS_TRAIN = ToyDatasets.generate("moons", 2000, 1, "moons/train");
    private static final Dataset MOONS_TEST = ToyDatasets.generate("moons", 500, 2, "moons/test");

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig config(String type, List<Integer> shape, Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>(extra);
        o.put("model.type", type);
        o.put("data.binarization", "none");
        ModelConfig m = Configs.build(null, o).model();
        return m.withInputShape(shape.get(0), shape.get(1), shape.get(2));
    }

    @Test
    void aTwoDimensionalFlowsDensitySumsToOneOverAFineGrid() {
        for (String type : List.of("realnvp", "maf", "nice")) {
            ModelConfig c = config(type, List.of(1, 1, 2), Map.of("model.hidden", List.of(16), "model.flowLength", 4));
            try (FlowModel flow = new FlowModel(c, manager)) {
                Fixtures.perturb(flow.parameters(), 0.2f, 8);
                int n = 800;
                float[] grid = Fixtures.grid(n, -20, 20, -20, 20);
                float[] logP = flow.logProb(Tensors.create(manager, grid, new Shape((long) n * n, 2)))
                        .toFloatArray();
                double mass = Fixtures.mass(logP, 1600.0 / n / n);
                assertThat(mass).as(type).isCloseTo(1.0, within(0.01));
            }
        }
    }

    @Test
    void aStudentTBaseReplacesOnlyTheBaseTermAndStaysNormalised() {
        Map<String, Object> small = Map.of("model.hidden", List.of(16), "model.flowLength", 4);
        Map<String, Object> withT = new HashMap<>(small);
        withT.put("model.flowBaseDof", 5.0);
        Engines.seed(3);
        try (FlowModel normal = new FlowModel(config("realnvp", List.of(1, 1, 2), small), manager)) {
            Engines.seed(3);
            try (FlowModel t = new FlowModel(config("realnvp", List.of(1, 1, 2), withT), manager)) {
                Fixtures.perturb(normal.parameters(), 0.2f, 8);
                Fixtures.perturb(t.parameters(), 0.2f, 8);
                assertThat(t.base()).isInstanceOf(StudentTBase.class);
                NDArray x = Tensors.create(manager, new float[] {0.3f, -1.2f, 4f, 2f, -25f, 30f}, new Shape(3, 2));
                NDArray z = normal.code(x);
                // the same flow, so log p differs by exactly the bases' log-densities of the same codes
                float[] expected = normal.logProb(x)
                        .add(new StudentTBase(5).logProb(z))
                        .sub(new StandardNormalBase().logProb(z))
                        .toFloatArray();
                assertThat(t.logProb(x).toFloatArray()).containsExactly(expected, within(1e-4f));
                int n = 800;
                float[] grid = Fixtures.grid(n, -20, 20, -20, 20);
                float[] logP = t.logProb(Tensors.create(manager, grid, new Shape((long) n * n, 2)))
                        .toFloatArray();
                assertThat(Fixtures.mass(logP, 1600.0 / n / n)).isCloseTo(1.0, within(0.01));
            }
        }
        assertThatThrownBy(() -> config("realnvp", List.of(1, 1, 2), Map.of("model.flowBaseDof", -1.0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("flowBaseDof");
        assertThatThrownBy(() -> config("dense-vae", List.of(1, 1, 2), Map.of("model.flowBaseDof", 5.0)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.flowBaseDof (--flow-base-dof) does not apply to a dense-vae (a VAE)");
    }

    @Test
    void samplesInvertTheFlowAndCodesRoundTrip() {
        ModelConfig c = config(
                "glow",
                List.of(1, 4, 4),
                Map.of("model.hidden", List.of(4), "model.flowLength", 2, "model.flowLevels", 2));
        try (FlowModel flow = new FlowModel(c, manager)) {
            Fixtures.perturb(flow.parameters(), 0.2f, 8);
            NDArray x = manager.randomNormal(new Shape(3, 16));
            NDArray back = flow.decode(flow.code(x));
            assertThat(back.sub(x).abs().max().getFloat()).isLessThan(1e-4f);
            assertThat(flow.sample(manager, 5, 0.7f).getShape().getShape()).containsExactly(5, 16);
        }
    }

    @Test
    void eachArchitectureGetsItsPapersPreprocessingOn8BitData() {
        Map<String, Dequantization.Transform> expected = Map.of(
                "nice", Dequantization.Transform.NONE,
                "maf", Dequantization.Transform.LOGIT,
                "realnvp", Dequantization.Transform.LOGIT,
                "glow", Dequantization.Transform.SHIFT);
        Map<String, Object> small = Map.of("model.hidden", List.of(4), "model.flowLength", 1);
        for (Map.Entry<String, Dequantization.Transform> e : expected.entrySet()) {
            Map<String, Object> dequantized = new HashMap<>(small);
            dequantized.put("model.dequantize", true);
            ModelConfig discrete = config(e.getKey(), List.of(1, 4, 4), dequantized);
            FlowConfig flow = discrete.family(FlowConfig.class);
            assertThat(flow.flowTransform()).as(e.getKey()).isEqualTo(FlowTransform.DEFAULT);
            assertThat(flow.flowTransform().resolve(FlowArchitecture.of(discrete)))
                    .as(e.getKey())
                    .isEqualTo(e.getValue());
            ModelConfig continuous = config(e.getKey(), List.of(1, 4, 4), small);
            try (FlowModel d = new FlowModel(discrete, manager);
                    FlowModel c = new FlowModel(continuous, manager)) {
                assertThat(d.discrete()).as(e.getKey()).isTrue();
                assertThat(d.density().discrete()).as(e.getKey()).isTrue();
                assertThat(c.discrete()).as(e.getKey()).isFalse();
                assertThat(c.density().discrete()).as(e.getKey()).isFalse();
            }
        }
    }

    @Test
    void an8BitGlowDecodesItsCodesExactlyAndSamplesPixelValues() {
        ModelConfig c = config(
                "glow",
                List.of(1, 4, 4),
                Map.of("model.hidden", List.of(4), "model.flowLength", 1, "model.dequantize", true));
        try (FlowModel flow = new FlowModel(c, manager)) {
            Fixtures.perturb(flow.parameters(), 0.2f, 8);
            NDArray x = manager.randomInteger(0, 256, new Shape(3, 16), ai.djl.ndarray.types.DataType.INT32)
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                    .div(255f);
            assertThat(flow.discrete()).isTrue();
            assertThat(flow.logProb(x).getShape().getShape()).containsExactly(3);
            assertThat(flow.decode(flow.code(x)).toFloatArray()).containsExactly(x.toFloatArray());
            float[] samples = flow.sample(manager, 4, 0.7f).toFloatArray();
            assertThat(samples).hasSize(64);
            for (float v : samples) {
                assertThat(v * 255f).isBetween(0f, 255f).isCloseTo(Math.round(v * 255f), within(1e-3f));
            }
        }
    }

    @Test
    void glowNeedsImagesAndLevelsThatDivideTheirSize() {
        assertThatThrownBy(() -> new FlowModel(config("glow", List.of(1, 1, 2), Map.of()), manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("glow models images");
        assertThatThrownBy(
                        () -> new FlowModel(config("glow", List.of(1, 28, 28), Map.of("model.flowLevels", 3)), manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("divisible by 8; got 28x28");
    }

    /** A flow of two 32-unit layers per conditioner and 4 steps, trained on two moons at lr 0.005, batch 100. */
    private static RunConfig moonsRun(String type, int epochs, Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>(extra);
        o.put("model.type", type);
        o.put("model.hidden", List.of(32, 32));
        o.put("model.flowLength", 4);
        o.put("data.binarization", "none");
        o.put("data.validationFraction", 0);
        o.put("training.epochs", epochs);
        o.put("training.batchSize", 100);
        o.put("training.learningRate", 0.005);
        RunConfig run = Configs.build(null, o);
        return run.withModel(TrainingSession.checkShape(run.model(), MOONS_TRAIN));
    }

    @Test
    void aMafLearnsTwoMoons() {
        RunConfig run = moonsRun("maf", 15, Map.of());
        try (FlowModel flow = new FlowModel(run.model(), manager);
                Trainer trainer = new Trainer(run, flow)) {
            double before =
                    new ExactLogLikelihood(flow).evaluate(MOONS_TEST, 1, 1).nll();
            trainer.fit(MOONS_TRAIN, MOONS_TEST.slice(0, 0));
            LikelihoodReport after = new ExactLogLikelihood(flow).evaluate(MOONS_TEST, 1, 1);
            // N(0, I) on the raw moons scores about 2.5 nats; a fitted flow gets well below 1.5
            assertThat(after.nll()).as("test NLL %s before training", before).isLessThan(1.5);
            assertThat(after.nll()).isLessThan(before - 0.5);
        }
    }

    @Test
    void aRealNvpWithBatchNormTrainsOnBatchStatisticsAndScoresEachExampleAlone() {
        RunConfig run = moonsRun("realnvp", 8, Map.of("model.flowNorm", "batchnorm"));
        try (FlowModel flow = new FlowModel(run.model(), manager);
                Trainer trainer = new Trainer(run, flow)) {
            assertThat(flow.parameters().buffers()).containsKey("flow.0.norm.runningMean");
            double before =
                    new ExactLogLikelihood(flow).evaluate(MOONS_TEST, 1, 1).nll();
            trainer.fit(MOONS_TRAIN, MOONS_TEST.slice(0, 0));
            assertThat(new ExactLogLikelihood(flow).evaluate(MOONS_TEST, 1, 1).nll())
                    .as("test NLL, %s before training", before)
                    .isLessThan(1.5);
            // after training the model is back in evaluation mode: the running averages (which moved away from
            // their start, mean 0 and variance 1) normalise, so an example scores the same alone as in a batch
            assertThat(flow.parameters().buffers().get("flow.0.norm.runningVar").toFloatArray())
                    .isNotEqualTo(new float[] {1f, 1f});
            NDArray batch = Tensors.create(manager, MOONS_TEST.slice(0, 50).features(), new Shape(50, 2));
            float[] together = flow.logProb(batch).toFloatArray();
            for (int i = 0; i < 5; i++) {
                float alone = flow.logProb(batch.get(i + ":" + (i + 1))).getFloat();
                assertThat(alone).as("example %d", i).isCloseTo(together[i], within(1e-4f));
            }
        }
    }
}
