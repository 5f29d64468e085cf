package dev.vaekit.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PriorKind;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A model's samples for sample quality, drawn through the model contract. */
class ModelSamplesTest {

    @Test
    void drawsArriveInBatchesAndRepeatWithTheSeed() {
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(3);
            try (Model vae = Model.create(Fixtures.tinyModel(), null, manager)) {
                int n = ModelSamples.BATCH + 7;
                float[] a = ModelSamples.draw(vae, n, 1.0, 11, null);
                float[] b = ModelSamples.draw(vae, n, 1.0, 11, null);
                float[] c = ModelSamples.draw(vae, n, 1.0, 12, null);
                assertThat(a).hasSize(n * 4).containsExactly(b);
                assertThat(Arrays.equals(a, c)).isFalse();
                for (float v : a) {
                    assertThat(v).isBetween(0f, 1f); // Bernoulli means
                }
            }
        }
    }

    @Test
    void aConditionalModelDrawsTheLabelsItIsGiven() {
        ModelConfig config = ModelConfig.builder("dense-vae")
                .inputShape(1, 2, 2)
                .latentDim(2)
                .hidden(8)
                .activation(ActivationKind.TANH)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.BERNOULLI)
                        .prior(PriorKind.STANDARD)
                        .conditionClasses(3)
                        .build())
                .build();
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(3);
            try (Model vae = Model.create(config, null, manager)) {
                assertThat(ModelSamples.draw(vae, 4, 1.0, 1, new int[] {0, 1, 2, 0}))
                        .hasSize(16);
                assertThatThrownBy(() -> ModelSamples.draw(vae, 4, 1.0, 1, null))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessage("the dense-vae is conditional on 3 classes: each of its 4 samples needs a label");
                assertThatThrownBy(() -> ModelSamples.draw(vae, 2, 1.0, 1, new int[] {0, 3}))
                        .isInstanceOf(InvalidInputException.class)
                        .hasMessage("label 3 is outside the model's classes 0..2");
            }
        }
    }

    @Test
    void aModelWithoutAPriorIsRefused() {
        try (NDManager manager = Engines.newManager();
                Model ae = Model.create(Fixtures.tinyAutoencoder(), null, manager)) {
            assertThat(ae.capabilities().prior()).isFalse();
            assertThatThrownBy(() -> ModelSamples.draw(ae, 4, 1.0, 1, null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("sample quality scores samples of a model, and this dense-ae is a plain "
                            + "autoencoder without a prior");
        }
    }
}
