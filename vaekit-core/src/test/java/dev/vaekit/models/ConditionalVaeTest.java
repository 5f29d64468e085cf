package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Datasets;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.train.RunConfig;
import dev.vaekit.train.Trainer;
import dev.vaekit.train.ValidationLoss;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A conditional VAE reads the one-hot label in encoder and decoder, and learns to use it. */
class ConditionalVaeTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(4);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig conditional(String type, List<Integer> shape, List<Integer> hidden, int classes) {
        return ModelConfig.builder(type)
                .inputShape(shape)
                .latentDim(4)
                .hidden(hidden)
                .activation(ActivationKind.RELU)
                .residualBlocks(1)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.BERNOULLI)
                        .prior(PriorKind.STANDARD)
                        .conditionClasses(classes)
                        .build())
                .build();
    }

    @Test
    void encoderAndDecoderInputsAreWidenedByTheClasses() {
        try (Vae dense = new Vae(conditional("dense-vae", List.of(1, 2, 3), List.of(5), 3), manager);
                Vae conv = new Vae(conditional("conv-vae", List.of(1, 4, 4), List.of(2), 3), manager)) {
            assertThat(dense.parameters().asMap().get("encoder.layers.0.weight").getShape())
                    .isEqualTo(new Shape(5, 6 + 3));
            assertThat(dense.parameters().asMap().get("decoder.layers.0.weight").getShape())
                    .isEqualTo(new Shape(5, 4 + 3));
            assertThat(conv.parameters().asMap().get("encoder.out.weight").getShape())
                    .isEqualTo(new Shape(8, 2 * 2 * 2 + 3));
            assertThat(conv.parameters().asMap().get("decoder.in.weight").getShape())
                    .isEqualTo(new Shape(2 * 2 * 2, 4 + 3));
        }
    }

    @Test
    void theDecoderGivesDifferentImagesForDifferentLabelsOfOneCode() {
        try (Vae model = new Vae(conditional("dense-vae", List.of(1, 2, 3), List.of(5), 3), manager)) {
            NDArray z = manager.randomNormal(new Shape(1, 4));
            float[] a = model.render(z, Conditions.oneHot(manager, new int[] {0}, 3))
                    .toFloatArray();
            float[] b = model.render(z, Conditions.oneHot(manager, new int[] {2}, 3))
                    .toFloatArray();
            assertThat(a).isNotEqualTo(b);
        }
    }

    @Test
    void aMissingLabelIsRefusedWithTheReason() {
        try (Vae model = new Vae(conditional("dense-vae", List.of(1, 2, 3), List.of(5), 3), manager)) {
            NDArray x = manager.zeros(new Shape(2, 6));
            assertThatThrownBy(() -> model.encode(x))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("conditional on labels (model.conditionClasses 3)");
            Dataset unlabelled = new Dataset("t", new float[12], null, 1, 2, 3);
            assertThatThrownBy(() -> Conditions.check(model.config(), unlabelled))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("t: the model is conditional on labels (model.conditionClasses 3) but the data has "
                            + "none");
            Dataset outside = new Dataset("t", new float[12], new int[] {1, 3}, 1, 2, 3);
            assertThatThrownBy(() -> Conditions.check(model.config(), outside))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("t: row 2 has label 3, outside the model's classes 0..2 (model.conditionClasses 3)");
        }
    }

    @Test
    void afterTrainingTheTrueLabelsExplainTheTestImagesBetterThanWrongOnes() {
        ModelConfig model = conditional("dense-vae", List.of(1, 28, 28), List.of(200), 10);
        RunConfig config = Fixtures.runConfig(
                Binarization.STATIC, model, Fixtures.elbo(), Fixtures.training(4, 50, 2e-3, 0, 0, 1));
        Dataset all = Datasets.load("mnist-mini", null).trainRows();
        Dataset train = Binarization.sample(all.slice(0, 1000), 1);
        Dataset test = Binarization.sample(all.slice(1000, 1300), 2);
        int[] shifted = new int[test.size()];
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] = (test.labels()[i] + 5) % 10;
        }
        Dataset wrong = new Dataset("wrong", test.features(), shifted, 1, 28, 28);
        try (Vae vae = new Vae(config.model(), manager);
                Trainer trainer = new Trainer(config, vae)) {
            trainer.fit(train, test.slice(0, 0));
            double truth = ValidationLoss.evaluate(vae, test, 100).loss();
            double lie = ValidationLoss.evaluate(vae, wrong, 100).loss();
            // the label is worth nats only if the decoder uses it
            assertThat(lie).as("−ELBO with wrong labels vs true %s", truth).isGreaterThan(truth + 3);
        }
    }
}
