package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.VaeConfig;
import org.junit.jupiter.api.Test;

/** A trained model as a representation for the metrics: its posterior means, in passes, refusing what it cannot encode. */
class ModelRepresentationTest extends TensorTest {
    @Test
    void theCodesAreThePosteriorMeansWhateverTheNumberOfObservations() {
        Engines.seed(9);
        Dataset data = Fixtures.brightTopImages(1, 1234, 2);
        try (Model model = Model.create(Fixtures.tinyModel(), null, manager)) {
            ModelRepresentation representation = ModelRepresentation.of(model);
            float[][] observations = new float[data.size()][];
            for (int i = 0; i < observations.length; i++) {
                observations[i] = data.row(i);
            }
            float[][] codes = representation.encode(observations);

            Engines.disableGradOnThisThread();
            float[] means = model.requireAutoencoder()
                    .code(Tensors.create(manager, data.features(), new Shape(1234, 4)))
                    .toFloatArray();
            assertThat(codes).hasNumberOfRows(1234);
            for (int i : new int[] {0, 499, 500, 1233}) {
                assertThat(codes[i]).containsExactly(java.util.Arrays.copyOfRange(means, 2 * i, 2 * i + 2));
            }
            assertThat(representation.describe()).isEqualTo("posterior means of the dense-vae");
        }
    }

    @Test
    void observationsOfAnotherWidthAndModelsWithoutCodesOrWithConditionsAreRefused() {
        try (Model model = Model.create(Fixtures.tinyModel(), null, manager)) {
            assertThatThrownBy(() -> ModelRepresentation.of(model).encode(new float[][] {{1, 0, 1}}))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("an observation has 3 values; the dense-vae takes 4 [1, 2, 2]");
        }
        ModelConfig cvae =
                Fixtures.tinyModel(VaeConfig.builder().conditionClasses(3).build());
        try (Model model = Model.create(cvae, null, manager)) {
            assertThatThrownBy(() -> ModelRepresentation.of(model))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("needs a label with every observation");
        }
        ModelConfig flow =
                ModelConfig.builder("realnvp").inputShape(1, 1, 2).hidden(8).build();
        try (Model model = Model.create(flow, null, manager)) {
            assertThatThrownBy(() -> ModelRepresentation.of(model))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("has no separate encoder");
        }
    }
}
