package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.flows.StudentTBase;
import dev.vaekit.models.FlowModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warm start ({@code train --init-from}) begins from the source run's weights, all of them, in the same
 * architecture or in one deeper by residual blocks that start as the identity.
 */
class WarmStartTest {
    @TempDir
    Path dir;

    private static RunConfig flow(double learningRate) {
        return flow(learningRate, 0.0);
    }

    private static RunConfig flow(double learningRate, double emaDecay) {
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
                        learningRate,
                        "training.emaDecay",
                        emaDecay));
    }

    @Test
    void aWarmStartedFlowKeepsItsActnormInsteadOfReinitialisingIt() {
        Path source = dir.resolve("source");
        Path warm = dir.resolve("warm");
        TrainingSession.run(flow(2e-3), source, null, false, List.of());

        // with a vanishing learning rate the warm start must end where the source ended; re-running actnorm's
        // data-dependent initialisation on its first batch would move the actnorm parameters far from there
        TrainingSession.run(flow(1e-12), warm, null, false, TrainingSession.WarmStart.last(source), List.of());

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
    void aWarmStartMayBeginFromTheSourcesAveragedWeights() throws Exception {
        Path source = dir.resolve("source");
        Path warm = dir.resolve("warm");
        TrainingSession.run(flow(2e-3, 0.9), source, null, false, List.of());
        TrainingSession.WarmStart averaged = new TrainingSession.WarmStart(source, Checkpoint.Weights.AVERAGED);
        TrainingSession.run(flow(1e-12), warm, null, false, averaged, List.of());

        try (NDManager manager = Engines.newManager()) {
            Map<String, NDArray> last =
                    Checkpoint.load(source, manager).model().parameters().asMap();
            Map<String, NDArray> average = Checkpoint.load(source, manager, Checkpoint.Weights.AVERAGED)
                    .model()
                    .parameters()
                    .asMap();
            Map<String, NDArray> started =
                    Checkpoint.load(warm, manager).model().parameters().asMap();
            float apart = 0;
            for (String name : average.keySet()) {
                float change =
                        started.get(name).sub(average.get(name)).abs().max().getFloat();
                assertThat(change).as(name).isLessThan(1e-6f);
                apart = Math.max(
                        apart, last.get(name).sub(average.get(name)).abs().max().getFloat());
            }
            assertThat(apart).as("the average differs from the last weights").isGreaterThan(1e-4f);
        }
        assertThat(Files.readString(warm.resolve(TrainingSession.INIT_FROM_FILE)))
                .contains(Checkpoint.AVERAGED_WEIGHTS);
    }

    @Test
    void aWarmStartFromItsOwnFolderOrWithResumeIsRefused() {
        Path source = dir.resolve("source");
        TrainingSession.run(flow(2e-3), source, null, false, List.of());

        assertThatThrownBy(() -> TrainingSession.run(
                        flow(2e-3), source, null, true, TrainingSession.WarmStart.last(source), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resumed run continues its own weights");
        Path fresh = dir.resolve("fresh");
        assertThatThrownBy(() -> TrainingSession.run(
                        flow(2e-3), fresh, null, false, TrainingSession.WarmStart.last(fresh), List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("own folder");
        assertThat(fresh).doesNotExist(); // refused before anything was written
        TrainingSession.WarmStart averaged = new TrainingSession.WarmStart(source, Checkpoint.Weights.AVERAGED);
        assertThatThrownBy(() -> TrainingSession.run(flow(2e-3), fresh, null, false, averaged, List.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keeps no average of its weights");
        assertThat(fresh).doesNotExist();
    }

    private static RunConfig imageFlow(int hidden, int residualBlocks, double learningRate) {
        return imageFlow(hidden, residualBlocks, learningRate, "tanh");
    }

    private static RunConfig imageFlow(int hidden, int residualBlocks, double learningRate, String scale) {
        return imageFlow(hidden, residualBlocks, learningRate, scale, 0.0);
    }

    private static RunConfig imageFlow(
            int hidden, int residualBlocks, double learningRate, String scale, double baseDof) {
        return Configs.build(
                null,
                Map.ofEntries(
                        Map.entry("data.dataset", "mnist-mini"),
                        Map.entry("data.binarization", "none"),
                        Map.entry("data.validationFraction", 0.95), // 250 training images keep the runs short
                        Map.entry("model.type", "realnvp"),
                        Map.entry("model.hidden", List.of(hidden)),
                        Map.entry("model.flowLevels", 1),
                        Map.entry("model.residualBlocks", residualBlocks),
                        Map.entry("training.epochs", 1),
                        Map.entry("training.batchSize", 250),
                        Map.entry("training.learningRate", learningRate),
                        Map.entry("model.flowScale", scale),
                        Map.entry("model.flowBaseDof", baseDof)));
    }

    @Test
    void aRealNvpWithAddedResidualBlocksComputesTheShallowerOnesDensity() {
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager()) {
            RunConfig base = imageFlow(4, 1, 1e-3);
            FlowModel shallow = new FlowModel(base.model().withInputShape(1, 8, 8), manager);
            FlowModel deep = new FlowModel(imageFlow(4, 3, 1e-3).model().withInputShape(1, 8, 8), manager);
            Fixtures.perturb(shallow.parameters(), 0.2f, 5);
            try (NDList weights = shallow.parameters().snapshot()) {
                deep.parameters().load(weights, "shallow", true);
            }
            Map<String, NDArray> after = deep.parameters().asMap();
            assertThat(after.get("flow.0.checkerboard.0.blocks.2.conv2.g")
                            .abs()
                            .max()
                            .getFloat())
                    .isZero();
            assertThat(after.get("flow.0.checkerboard.0.blocks.2.conv1.v")
                            .abs()
                            .max()
                            .getFloat())
                    .as("an added block's other weights keep their random start, so it can learn")
                    .isPositive();
            NDArray x = manager.randomUniform(0f, 1f, new Shape(6, 64));
            float[] expected = shallow.logProb(x).toFloatArray();
            float[] actual = deep.logProb(x).toFloatArray();
            assertThat(Fixtures.maxAbsDiff(actual, expected)).isLessThan(1e-3);

            // the strict load, and a load into a shallower or wider model, refuse
            try (NDList weights = deep.parameters().snapshot()) {
                assertThatThrownBy(() -> shallow.parameters().load(weights, "deep", true))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("unexpected tensors");
            }
            try (NDList weights = shallow.parameters().snapshot()) {
                assertThatThrownBy(() -> deep.parameters().load(weights, "shallow"))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("blocks.1.conv1.v' is missing");
                FlowModel wide = new FlowModel(imageFlow(8, 3, 1e-3).model().withInputShape(1, 8, 8), manager);
                assertThatThrownBy(() -> wide.parameters().load(weights, "shallow", true))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("expected float32");
            }
        }
    }

    @Test
    void aWarmStartMayAddResidualBlocksAndChangeTheBaseButNothingElse() {
        Path source = dir.resolve("source");
        Path deeper = dir.resolve("deeper");
        TrainingSession.run(imageFlow(4, 1, 2e-3), source, null, false, List.of());
        // three residual blocks per coupling where the source has one, and a Student's t base (a base has no
        // weights); a vanishing learning rate keeps the start
        TrainingSession.run(
                imageFlow(4, 3, 1e-12, "tanh", 1000),
                deeper,
                null,
                false,
                TrainingSession.WarmStart.last(source),
                List.of());

        try (NDManager manager = Engines.newManager()) {
            Map<String, NDArray> before =
                    Checkpoint.load(source, manager).model().parameters().asMap();
            FlowModel grown = (FlowModel) Checkpoint.load(deeper, manager).model();
            assertThat(grown.base()).isInstanceOf(StudentTBase.class);
            Map<String, NDArray> after = grown.parameters().asMap();
            assertThat(after.keySet()).containsAll(before.keySet()).contains("flow.0.checkerboard.3.blocks.2.conv2.g");
            for (String name : before.keySet()) {
                float change = after.get(name).sub(before.get(name)).abs().max().getFloat();
                assertThat(change).as(name).isLessThan(1e-6f);
            }
            assertThat(after.get("flow.0.checkerboard.3.blocks.2.conv2.g")
                            .abs()
                            .max()
                            .getFloat())
                    .isLessThan(1e-6f);
        }
        for (RunConfig other : List.of(imageFlow(8, 3, 2e-3), imageFlow(4, 3, 2e-3, "sigmoid"))) {
            Path target = dir.resolve("target");
            assertThatThrownBy(() -> TrainingSession.run(
                            other, target, null, false, TrainingSession.WarmStart.last(source), List.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("more model.residualBlocks");
            assertThat(target).doesNotExist();
        }
    }
}
