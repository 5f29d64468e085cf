package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A model too large for memory is refused before its large parameter is allocated, naming the field that sized it. */
class OversizedModelTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static ModelConfig.Builder mnistShaped(String type) {
        return ModelConfig.builder(type).inputShape(1, 28, 28).activation(ActivationKind.RELU);
    }

    @Test
    void aHiddenWidthOfTwoToTheThirtyOneNamesModelHidden() {
        ModelConfig config =
                mnistShaped("dense-vae").hidden(2147483647).latentDim(10).build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.hidden (--hidden) = [2147483647]: expected a model whose parameters fit"
                        + " in memory, but parameter encoder.")
                .hasMessageContaining("2147483647x784 float32 values (6.7 TB)");
    }

    @Test
    void aWideSecondLayerIsFoundAmongTheWidths() {
        // the first layer (784 x 400) is allocated, the second (400 x 2·10⁹) is refused
        ModelConfig config = mnistShaped("dense-vae")
                .hidden(400, 2_000_000_000)
                .latentDim(10)
                .build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.hidden (--hidden) = [400, 2000000000]: ")
                .hasMessageContaining("2000000000x400 float32 values (3.2 TB)");
    }

    @Test
    void aHugeLatentDimensionIsNamedThoughTheEncoderHasTwiceItsOutputs() {
        // the encoder's last layer has 2·2^28 outputs, of the 400 hidden units: both fields divide its sizes
        ModelConfig config =
                mnistShaped("dense-vae").hidden(400).latentDim(1 << 28).build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.latentDim (--latent-dim) = 268435456: ")
                .hasMessageContaining("536870912x400");
    }

    @Test
    void tooManyPseudoInputsNamePseudoInputs() {
        ModelConfig config = mnistShaped("dense-vae")
                .hidden(16)
                .latentDim(2)
                .family(VaeConfig.builder()
                        .prior(PriorKind.VAMP)
                        .pseudoInputs(1_000_000_000)
                        .build())
                .build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.pseudoInputs (--pseudo-inputs) = 1000000000: ")
                .hasMessageContaining("prior.pseudoInputs");
    }

    @Test
    void aConvolutionalStageOfTooManyChannelsNamesModelHidden() {
        ModelConfig config =
                mnistShaped("conv-vae").hidden(32, 100_000_000).latentDim(2).build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.hidden (--hidden) = [32, 100000000]: ");
    }

    @Test
    void aLatentDimensionWhoseDoubleIsNoJavaIntIsRefusedByTheConfig() {
        assertThatThrownBy(() -> mnistShaped("dense-vae")
                        .hidden(400)
                        .latentDim(Integer.MAX_VALUE)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.latentDim must be <= 536870912, got 2147483647");
    }

    @Test
    void manyConditionClassesNameConditionClassesThoughTheLayerAlsoHoldsThePixels() {
        // the first layer's inputs are the 784 pixels and the 2^24 one-hot classes
        ModelConfig config = mnistShaped("dense-vae")
                .hidden(400)
                .latentDim(2)
                .family(VaeConfig.builder().conditionClasses(1 << 24).build())
                .build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.conditionClasses (--condition-classes) = 16777216: ")
                .hasMessageContaining("400x16778000");
    }

    @Test
    void layerCountsBeyondTheBoundAreRefusedByTheConfig() {
        assertThatThrownBy(() -> mnistShaped("resnet-vae")
                        .hidden(32)
                        .residualBlocks(1001)
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.residualBlocks must be <= 1000, got 1001");
        assertThatThrownBy(
                        () -> VaeConfig.builder().pixelLayers(Integer.MAX_VALUE).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.pixelLayers must be <= 1000, got 2147483647");
        assertThatThrownBy(() -> FlowConfig.builder().flowLength(1001).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.flowLength must be <= 1000, got 1001");
        assertThatThrownBy(() ->
                        VaeConfig.builder().conditionClasses(Integer.MAX_VALUE).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model.conditionClasses must be <= 16777216, got 2147483647");
        assertThat(mnistShaped("resnet-vae")
                        .hidden(32)
                        .residualBlocks(1000)
                        .build()
                        .residualBlocks())
                .isEqualTo(1000);
    }

    @Test
    void aMadeWiderThanMemoryIsRefusedBeforeItsMasksAreBuilt() {
        ModelConfig config = ModelConfig.builder("maf")
                .inputShape(1, 1, 2)
                .hidden(Integer.MAX_VALUE)
                .activation(ActivationKind.RELU)
                .build();

        assertThatThrownBy(() -> Model.create(config, null, manager))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("model.hidden (--hidden) = [2147483647]: ")
                .hasMessageContaining("2147483647x2 float32 values");
    }

    @Test
    void aModelThatFitsIsBuilt() {
        try (Model model =
                Model.create(mnistShaped("dense-vae").hidden(400).latentDim(10).build(), null, manager)) {
            assertThat(model.config().hidden()).containsExactly(400);
        }
    }
}
