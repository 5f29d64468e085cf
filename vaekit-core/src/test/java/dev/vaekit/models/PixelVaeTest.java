package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code pixel-vae} model type: a VAE whose decoder ends in a PixelCNN (Gulrajani et al. 2017). */
class PixelVaeTest {
    private static final int SIDE = 8;
    private static final int D = SIDE * SIDE;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(17);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Vae model(LikelihoodKind likelihood, int components) {
        return new Vae(Fixtures.pixelModel(SIDE, SIDE, likelihood, components), manager);
    }

    @Test
    void thePixelCnnReadsTheConvolutionalDecodersFeatureMaps() {
        try (Vae model = model(LikelihoodKind.DISCRETIZED_LOGISTIC, 3)) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            model.parameters().asMap().forEach((k, v) -> shapes.put(k, v.getShape()));

            assertThat(shapes)
                    // the transposed convolution gives pixelChannels (6) feature maps, not 9 parameters per pixel
                    .containsEntry("decoder.stages.0.up.weight", new Shape(4, 6, 4, 4))
                    // first layer: type A, 7 × 7 window trimmed to the 4 × 7 rows above and 1 × 4 pixels to the left
                    .containsEntry("decoder.pixel.layers.0.vertical.weight", new Shape(12, 1, 4, 7))
                    .containsEntry("decoder.pixel.layers.0.horizontal.weight", new Shape(12, 1, 1, 4))
                    .containsEntry("decoder.pixel.layers.0.condition.weight", new Shape(24, 6, 1, 1))
                    .containsEntry("decoder.pixel.layers.1.vertical.weight", new Shape(12, 6, 2, 3))
                    .containsEntry("decoder.pixel.layers.1.horizontal.weight", new Shape(12, 6, 1, 2))
                    .containsEntry("decoder.pixel.layers.1.verticalToHorizontal.weight", new Shape(12, 12, 1, 1))
                    .containsEntry("decoder.pixel.layers.1.horizontalOut.weight", new Shape(6, 6, 1, 1))
                    // the last layer has no vertical output, so no vertical conditioning
                    .containsEntry("decoder.pixel.layers.1.condition.weight", new Shape(12, 6, 1, 1))
                    .containsEntry("decoder.pixel.hidden.weight", new Shape(6, 6, 1, 1))
                    .containsEntry("decoder.pixel.out.weight", new Shape(9, 6, 1, 1))
                    .containsEntry("decoder.pixel.out.bias", new Shape(9))
                    .doesNotContainKeys(
                            "decoder.pixel.layers.0.condition.bias",
                            "decoder.pixel.layers.1.verticalToHorizontal.bias");
        }
    }

    @Test
    void decodingNeedsTheDataAndGivesEveryPixelsParameters() {
        try (Vae model = model(LikelihoodKind.DISCRETIZED_LOGISTIC, 1)) {
            NDArray z = manager.randomNormal(new Shape(3, 2));
            NDArray x = manager.randomUniform(0f, 1f, new Shape(3, D));

            assertThat(model.autoregressive()).isTrue();
            assertThat(model.decode(z, x).getShape()).isEqualTo(new Shape(3, 2 * D));
            assertThat(model.decoderFloatsPerExample()).isGreaterThan(50L * D);
            assertThatThrownBy(() -> model.decode(z))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("autoregressive");
            assertThatThrownBy(() -> model.decode(z, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pixel-vae");
        }
    }

    @Test
    void theOtherNetworksAreNotAutoregressive() {
        try (Vae model = new Vae(Fixtures.tinyModel(), manager)) {
            assertThat(model.autoregressive()).isFalse();
            assertThat(model.decoderFloatsPerExample()).isEqualTo(4);
        }
    }

    @Test
    void aBernoulliRenderIsBinaryAndRepeatsUnderTheSameSeed() {
        try (Vae model = model(LikelihoodKind.BERNOULLI, 1)) {
            NDArray z = manager.randomNormal(new Shape(4, 2));

            Engines.seed(1);
            float[] first = model.render(z).toFloatArray();
            Engines.seed(1);
            float[] again = model.render(z).toFloatArray();
            Engines.seed(2);
            float[] other = model.render(z).toFloatArray();

            assertThat(first).hasSize(4 * D).containsOnly(0f, 1f).contains(0f, 1f);
            assertThat(again).containsExactly(first);
            assertThat(other).isNotEqualTo(first);
        }
    }

    @Test
    void aDiscretizedLogisticRenderLiesOnThe256LevelGrid() {
        for (int components : new int[] {1, 3}) {
            try (Vae model = model(LikelihoodKind.DISCRETIZED_LOGISTIC, components)) {
                float[] images =
                        model.render(manager.randomNormal(new Shape(2, 2))).toFloatArray();

                assertThat(images).hasSize(2 * D);
                Set<Float> levels = new HashSet<>();
                for (float v : images) {
                    assertThat(v).as("K=%d", components).isBetween(0f, 1f);
                    assertThat(v * 255).as("K=%d", components).isCloseTo(Math.round(v * 255), within(1e-3f));
                    levels.add(v);
                }
                assertThat(levels.size())
                        .as("K=%d: distinct levels drawn", components)
                        .isGreaterThan(10);
            }
        }
    }

    @Test
    void aGaussianRenderDrawsEachPixelAroundTheMeanTheDecoderGivesIt() {
        // σ = 10⁻³ (fixed, or the initial value of a learned one): each drawn pixel lies within a few σ of the mean
        // the teacher-forced decoder gives that pixel for the image drawn, since the mean at pixel i reads only the
        // pixels before i
        ModelConfig c = Fixtures.pixelModel(SIDE, SIDE, LikelihoodKind.GAUSSIAN, 1);
        for (GaussianVariance variance : GaussianVariance.values()) {
            VaeConfig vae = c.family(VaeConfig.class);
            ModelConfig gaussian = c.toBuilder()
                    .family(vae.toBuilder()
                            .likelihood(vae.likelihood().toBuilder()
                                    .variance(variance)
                                    .sigma(1e-3)
                                    .mixtureComponents(1)
                                    .build())
                            .build())
                    .build();
            try (Vae model = new Vae(gaussian, manager)) {
                NDArray z = manager.randomNormal(new Shape(2, 2));

                NDArray images = model.render(z);
                float[] drawn = images.toFloatArray();
                float[] mean = model.decode(z, images).toFloatArray();

                for (int i = 0; i < drawn.length; i++) {
                    assertThat(Math.abs(drawn[i] - mean[i]))
                            .as("%s, pixel %d", variance, i)
                            .isLessThan(6e-3f);
                }
                assertThat(drawn).as("%s", variance).doesNotContain(0f);
            }
        }
    }

    @Test
    void aLikelihoodWithoutAPixelSamplerIsNamedWhenDrawing() {
        ModelConfig c = Fixtures.pixelModel(SIDE, SIDE, LikelihoodKind.MIXED, 1);
        try (Vae model = model(LikelihoodKind.BERNOULLI, 1)) {
            assertThatThrownBy(() ->
                            FeatureSampler.create(c, c.family(VaeConfig.class).likelihood(), model.parameters()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("mixed")
                    .hasMessageContaining("FeatureSampler");
        }
    }

    @Test
    void aColourPixelVaeNeedsAFeatureChannelPerColour() {
        ModelConfig c = Fixtures.pixelModel(SIDE, SIDE, LikelihoodKind.BERNOULLI, 1);
        VaeConfig vae = c.family(VaeConfig.class);
        ModelConfig narrow =
                c.toBuilder().family(vae.toBuilder().pixelChannels(2).build()).build();

        assertThatThrownBy(() -> narrow.withInputShape(3, SIDE, SIDE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.pixelChannels")
                .hasMessageContaining("3 channels")
                .hasMessageContaining("got 2");
        assertThat(c.withInputShape(3, SIDE, SIDE).inputShape()).isEqualTo(List.of(3, SIDE, SIDE));
        assertThat(c.withInputShape(1, 28, 28).inputShape()).isEqualTo(List.of(1, 28, 28));
    }
}
