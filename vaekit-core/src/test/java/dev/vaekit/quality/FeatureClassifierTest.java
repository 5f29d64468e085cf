package dev.vaekit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The feature classifier: its architecture per data shape, and that it learns the labels it is trained on. */
class FeatureClassifierTest {

    @Test
    void theNetworkFollowsTheShapeOfTheData() {
        assertThat(FeatureClassifier.stageChannels(List.of(1, 28, 28))).containsExactly(16, 32);
        assertThat(FeatureClassifier.stageChannels(List.of(3, 32, 32))).containsExactly(16, 32, 64);
        assertThat(FeatureClassifier.stageChannels(List.of(3, 64, 64))).containsExactly(16, 32, 64);
        assertThat(FeatureClassifier.stageChannels(List.of(1, 8, 8))).containsExactly(16);
        assertThat(FeatureClassifier.stageChannels(List.of(1, 7, 7))).isEmpty();
        assertThat(FeatureClassifier.stageChannels(List.of(1, 1, 2))).isEmpty();
        assertThat(FeatureClassifier.architecture(List.of(1, 28, 28), 10))
                .isEqualTo("conv 16-32 (4x4, stride 2, ReLU) -> dense 128 (ReLU, the features) -> 10 logits");
        assertThat(FeatureClassifier.architecture(List.of(1, 1, 2), 2))
                .isEqualTo("dense 256 (ReLU) -> dense 128 (ReLU, the features) -> 2 logits");
    }

    @Test
    void learnsTheDigitsOfMnistMiniInFourEpochs() {
        LabelledData data = QualityFixtures.mnistMini(5000, 1000);
        assertThat(data.classifierTrain().size()).isEqualTo(4000);
        assertThat(data.heldOut().size()).isEqualTo(1000);
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(0);
            try (FeatureClassifier c = FeatureClassifier.create(data.shape(), data.classes(), manager)) {
                List<String> log = new ArrayList<>();
                FeatureClassifier.TrainingSummary summary =
                        c.train(data.classifierTrain(), data.classifierTrainLabels(), 4, 64, 1e-3, 0, log::add);
                assertThat(summary.steps()).isEqualTo(4 * 63);
                assertThat(summary.skippedSteps()).isZero();
                assertThat(log).hasSize(4).allMatch(l -> l.startsWith("classifier epoch "));
                // measured with this seed: 0.877 after 2 epochs, 0.913 after 3, 0.919 after 4, 0.965 after 25 (the
                // default for
                // mnist-mini's 4000 images); a classifier that learnt nothing scores about 0.1
                assertThat(c.accuracy(data.test(), data.testLabels())).isGreaterThan(0.9);

                float[] features = c.features(data.test(), 10);
                assertThat(features).hasSize(10 * FeatureClassifier.FEATURES);
                float least = Float.MAX_VALUE;
                float largest = -Float.MAX_VALUE;
                for (float v : features) {
                    least = Math.min(least, v);
                    largest = Math.max(largest, v);
                }
                assertThat(least).as("after a ReLU").isGreaterThanOrEqualTo(0f);
                assertThat(largest).isGreaterThan(0f);
                float[] rows = new float[10 * 784];
                data.test().read(0, 10, rows);
                assertThat(c.features(rows)).containsExactly(features);
            }
        }
    }

    @Test
    void aDenseNetworkSeparatesTheTwoMoons() {
        LabelledData data = LabelledData.of("moons", Datasets.load("moons", null));
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(1);
            try (FeatureClassifier c = FeatureClassifier.create(data.shape(), data.classes(), manager)) {
                assertThat(c.architecture()).startsWith("dense 256");
                c.train(data.classifierTrain(), data.classifierTrainLabels(), 2, 64, 1e-3, 1, line -> {});
                assertThat(c.accuracy(data.test(), data.testLabels())).isGreaterThan(0.95);
            }
        }
    }

    @Test
    void examplesOfAnotherShapeAreRefused() {
        LabelledData data = QualityFixtures.mnistMini(100, 20);
        try (NDManager manager = Engines.newManager();
                FeatureClassifier c = FeatureClassifier.create(List.of(1, 1, 2), 2, manager)) {
            assertThatThrownBy(() -> c.features(data.test(), 5))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("has examples of 784 values; the feature classifier reads 2");
            assertThatThrownBy(() -> c.features(new float[] {1, 2, 3}))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not whole examples of 2 values");
        }
    }
}
