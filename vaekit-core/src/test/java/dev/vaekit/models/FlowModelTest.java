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
import dev.vaekit.eval.ExactLogLikelihood;
import dev.vaekit.io.Configs;
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
    void dequantizationChargesLog256PerFeatureAndTheLogitItsJacobian() {
        // NICE's transform is the identity: a flow that is the identity too (zero couplings, zero scaling) gives
        // log p = log logistic(y) − d log 256 exactly, with y the dequantized value
        ModelConfig nice = config(
                "nice",
                List.of(1, 1, 4),
                Map.of("model.hidden", List.of(8), "model.flowLength", 2, "model.dequantize", true));
        FlowPreprocessing identity = FlowPreprocessing.of(nice);
        NDArray x = Tensors.create(manager, new float[] {0f, 1f, 128f / 255f, 3f / 255f}, new Shape(1, 4));
        FlowPreprocessing.Result r = identity.forward(x, false);
        assertThat(r.output().toFloatArray()).containsExactly(0.5f / 256, 255.5f / 256, 128.5f / 256, 3.5f / 256);
        assertThat(r.logDet().getFloat()).isCloseTo((float) (-4 * Math.log(256)), within(1e-4f));
        assertThat(identity.inverse(r.output()).toFloatArray()).containsExactly(x.toFloatArray());

        ModelConfig realNvp =
                config("realnvp", List.of(1, 1, 4), Map.of("model.hidden", List.of(8), "model.dequantize", true));
        FlowPreprocessing logit = FlowPreprocessing.of(realNvp);
        FlowPreprocessing.Result l = logit.forward(x, false);
        double expected = -4 * Math.log(256);
        float[] y = r.output().toFloatArray();
        for (int i = 0; i < 4; i++) {
            double a = FlowPreprocessing.ALPHA;
            double s = a + (1 - 2 * a) * y[i];
            expected += Math.log(1 - 2 * a) - Math.log(s) - Math.log(1 - s);
            assertThat((double) l.output().toFloatArray()[i]).isCloseTo(Math.log(s / (1 - s)), within(1e-5));
        }
        assertThat((double) l.logDet().getFloat()).isCloseTo(expected, within(1e-3));
        assertThat(logit.inverse(l.output()).toFloatArray()).containsExactly(x.toFloatArray());
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

    @Test
    void aMafLearnsTwoMoons() {
        Dataset train = ToyDatasets.generate("moons", 2000, 1, "moons/train");
        Dataset test = ToyDatasets.generate("moons", 500, 2, "moons/test");
        RunConfig run = Configs.build(
                null,
                Map.of(
                        "model.type",
                        "maf",
                        "model.hidden",
                        List.of(32, 32),
                        "model.flowLength",
                        4,
                        "data.binarization",
                        "none",
                        "data.validationFraction",
                        0,
                        "training.epochs",
                        15,
                        "training.batchSize",
                        100,
                        "training.learningRate",
                        0.005));
        run = run.withModel(TrainingSession.checkShape(run.model(), train));
        try (FlowModel flow = new FlowModel(run.model(), manager);
                Trainer trainer = new Trainer(run, flow)) {
            double before = ExactLogLikelihood.evaluate(flow, test, 1, 500).nll();
            trainer.fit(train, test.slice(0, 0));
            ExactLogLikelihood.Report after = ExactLogLikelihood.evaluate(flow, test, 1, 500);
            // N(0, I) on the raw moons scores about 2.5 nats; a fitted flow gets well below 1.5
            assertThat(after.nll()).as("test NLL %s before training", before).isLessThan(1.5);
            assertThat(after.nll()).isLessThan(before - 0.5);
        }
    }
}
