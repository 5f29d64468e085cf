package dev.vaekit.models;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.Categorical256;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.Parameters;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The decoder layout and widths of the categorical-256 observation model: 256 blocks of d logits, level-major. */
class Categorical256ObservationTest {
    private static final int LEVELS = Categorical256.LEVELS;

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

    private static ModelConfig config(String type, List<Integer> shape, List<Integer> hidden) {
        return ModelConfig.builder(type)
                .inputShape(shape)
                .latentDim(2)
                .hidden(hidden)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.CATEGORICAL_256)
                        .build())
                .build();
    }

    @Test
    void denseAndConvolutionalDecodersGive256LogitsPerPixel() {
        ModelConfig dense = config("dense-vae", List.of(1, 2, 3), List.of(4));
        ModelConfig conv = config("conv-vae", List.of(1, 4, 4), List.of(2));
        assertThat(ObservationModel.parametersPerFeature(
                        dense.family(VaeConfig.class).likelihood()))
                .isEqualTo(256);
        try (Vae denseVae = new Vae(dense, manager);
                Vae convVae = new Vae(conv, manager)) {
            NDArray z = manager.randomNormal(new Shape(3, 2));
            assertThat(denseVae.decode(z).getShape()).isEqualTo(new Shape(3, 256 * 6));
            assertThat(convVae.decode(z).getShape()).isEqualTo(new Shape(3, 256 * 16));
            assertThat(denseVae.render(z).getShape()).isEqualTo(new Shape(3, 6));
            assertThat(convVae.render(z).getShape()).isEqualTo(new Shape(3, 16));
        }
    }

    @Test
    void blockVHoldsTheLogitsOfLevelVOnStackedSamples() {
        int d = 3;
        ModelConfig config = config("dense-vae", List.of(1, 1, d), List.of(4));
        ObservationModel p = ObservationModel.create(
                config, config.family(VaeConfig.class).likelihood(), null, new Parameters(manager));
        int[] level = {0, 128, 255};
        float[] x = {0f, 128 / 255f, 1f};
        // two samples of a batch of one: (L = 2, batch = 1, 256·d)
        float[] out = uniform(9, 2 * LEVELS * d, -3, 3);
        NDArray output = array(manager, out, 2, 1, LEVELS * d);

        float[] logP = p.logProb(array(manager, x, 1, d), output).toFloatArray();
        float[] mean = p.mean(output).toFloatArray();

        assertThat(logP).hasSize(2);
        assertThat(p.mean(output).getShape()).isEqualTo(new Shape(2, 1, d));
        for (int s = 0; s < 2; s++) {
            int base = s * LEVELS * d;
            double total = 0;
            for (int j = 0; j < d; j++) {
                double norm = 0;
                double m = 0;
                for (int v = 0; v < LEVELS; v++) {
                    double e = Math.exp(out[base + v * d + j]);
                    norm += e;
                    m += e * v / 255.0;
                }
                total += out[base + level[j] * d + j] - Math.log(norm);
                assertThat((double) mean[s * d + j]).isCloseTo(m / norm, within(1e-5));
            }
            assertThat((double) logP[s]).as("sample %d", s).isCloseTo(total, within(1e-4));
        }
    }
}
