package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.train.Configs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlainAutoencoderTest {
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

    private static ModelConfig mnistAe() {
        ModelConfig d = Configs.defaults().model().withInputShape(1, 28, 28);
        return ModelConfig.builder(PlainAutoencoder.TYPE)
                .inputShape(d.inputShape())
                .latentDim(d.latentDim())
                .hidden(d.hidden())
                .activation(d.activation())
                .family(AutoencoderConfig.builder()
                        .likelihood(d.family(VaeConfig.class).likelihood())
                        .build())
                .build();
    }

    private static Map<String, Shape> shapes(Autoencoder model) {
        Map<String, Shape> s = new LinkedHashMap<>();
        model.parameters().asMap().forEach((k, v) -> s.put(k, v.getShape()));
        return s;
    }

    @Test
    void hasTheVaesTensorsExceptAnEncoderOutputOfLatentDimWidth() {
        try (PlainAutoencoder ae = new PlainAutoencoder(mnistAe(), manager);
                Vae vae = new Vae(Configs.defaults().model().withInputShape(1, 28, 28), manager)) {
            Map<String, Shape> expected = new LinkedHashMap<>(shapes(vae));
            expected.put("encoder.out.weight", new Shape(20, 400));
            expected.put("encoder.out.bias", new Shape(20));

            assertThat(shapes(ae)).containsExactlyEntriesOf(expected);
        }
    }

    @Test
    void theEncoderIsDeterministic() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            NDArray x = Fixtures.array(manager, Fixtures.uniform(1, 12, 0, 1), 3, 4);

            Engines.seed(1);
            float[] first = ae.encode(x).toFloatArray();
            Engines.seed(2); // a different random state must not matter: nothing is drawn
            float[] second = ae.encode(x).toFloatArray();

            assertThat(ae.encode(x).getShape()).isEqualTo(new Shape(3, 2));
            assertThat(second).containsExactly(first);
            assertThat(ae.code(x).toFloatArray()).containsExactly(first);
        }
    }

    @Test
    void theCodeIsTheEncoderNetworkApplied() {
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), manager)) {
            // 4-8-2 tanh encoder: zero the hidden layer, so the code is the output bias
            Fixtures.setParameter(ae, "encoder.layers.0.weight", new float[32]);
            Fixtures.setParameter(ae, "encoder.layers.0.bias", new float[8]);
            Fixtures.setParameter(ae, "encoder.out.bias", 0.5f, -2f);
            NDArray x = Fixtures.array(manager, Fixtures.uniform(1, 8, 0, 1), 2, 4);

            assertThat(ae.code(x).toFloatArray()).containsExactly(0.5f, -2f, 0.5f, -2f);
        }
    }

    @Test
    void createBuildsTheModelTheConfigNames() {
        try (Model ae = Model.create(Fixtures.tinyAutoencoder(), null, manager);
                Model vae = Model.create(Fixtures.tinyModel(), null, manager)) {
            assertThat(ae).isInstanceOf(PlainAutoencoder.class);
            assertThat(vae).isInstanceOf(Vae.class);
            assertThat(ae.requireAutoencoder()).isSameAs(ae);
            assertThat(vae.requireAutoencoder()).isSameAs(vae);
        }
    }

    @Test
    void everyNetworkComesAsAPlainAutoencoderExceptPixelAndOthersAreRefusedByName() {
        assertThat(ModelFamilies.types())
                .contains("dense-ae", "conv-ae", "resnet-ae")
                .doesNotContain("pixel-ae");
        assertThatThrownBy(() -> ModelConfig.builder("dense-ae2")
                        .latentDim(2)
                        .hidden(java.util.List.of())
                        .activation(Fixtures.tinyAutoencoder().activation())
                        .build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dense-ae2")
                .hasMessageContaining("dense-ae");
    }
}
