package dev.vaekit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.vaekit.Fixtures;
import dev.vaekit.TensorTest;
import dev.vaekit.distributions.DiscretizedLogisticColour;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.PixelCnn;
import dev.vaekit.objectives.Estimator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A {@code pixel-vae} on colour images: its PixelCNN models each colour given the earlier pixels and colours. */
class ColourPixelVaeTest extends TensorTest {
    private static final int SIDE = 8;
    private static final int PIXELS = SIDE * SIDE;
    private static final int D = 3 * PIXELS;

    @BeforeEach
    void open() {
        Engines.seed(19);
    }

    private static ModelConfig colour(LikelihoodKind likelihood, int components) {
        return Fixtures.pixelModel(SIDE, SIDE, likelihood, components).withInputShape(3, SIDE, SIDE);
    }

    private static ModelConfig withLikelihood(ModelConfig c, LikelihoodConfig likelihood) {
        VaeConfig vae = c.family(VaeConfig.class);
        return c.toBuilder()
                .family(vae.toBuilder().likelihood(likelihood).build())
                .build();
    }

    private NDArray eightBitImages(int n) {
        return manager.randomUniform(0f, 1f, new Shape(n, D)).mul(255f).round().div(255f);
    }

    @Test
    void thePixelCnnReadsThreeChannelsAndFeatureMapsPerColour() {
        try (Vae model = new Vae(colour(LikelihoodKind.DISCRETIZED_LOGISTIC, 2), manager)) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            model.parameters().asMap().forEach((k, v) -> shapes.put(k, v.getShape()));

            assertThat(shapes)
                    // the transposed convolution gives pixelChannels (6) feature maps per colour
                    .containsEntry("decoder.stages.0.up.weight", new Shape(4, 18, 4, 4))
                    .containsEntry("decoder.pixel.layers.0.vertical.weight", new Shape(12, 3, 4, 7))
                    // the first horizontal convolution reads the pixel itself too, masked by colour
                    .containsEntry("decoder.pixel.layers.0.horizontal.weight", new Shape(12, 3, 1, 4))
                    .containsEntry("decoder.pixel.layers.0.condition.weight", new Shape(24, 18, 1, 1))
                    // 4 blocks (weight logit, mean, log-scale, coefficient) of K = 2 components of 3 colours
                    .containsEntry("decoder.pixel.out.weight", new Shape(24, 6, 1, 1));
            NDArray z = manager.randomNormal(new Shape(3, 2));
            assertThat(model.decode(z, eightBitImages(3)).getShape()).isEqualTo(new Shape(3, 8 * D));
        }
    }

    @Test
    void theBoundIsFiniteAndEveryWeightLearns() {
        try (Vae model = new Vae(colour(LikelihoodKind.DISCRETIZED_LOGISTIC, 3), manager)) {
            NDArray x = eightBitImages(4);
            JniUtils.setGradMode(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.elbo(new Batch(x), Estimator.B, 1, 1f, 0f).value();
                assertThat(Float.isFinite(loss.getFloat())).isTrue();
                gc.backward(loss);
            } finally {
                JniUtils.setGradMode(false);
            }
            for (String name : new String[] {
                "decoder.pixel.layers.0.horizontal.weight",
                "decoder.pixel.layers.1.horizontalOut.weight",
                "decoder.pixel.hidden.weight",
                "decoder.pixel.out.weight",
                "encoder.out.weight"
            }) {
                float[] gradient = model.parameters().gradient(name).toFloatArray();
                double norm = 0;
                for (float g : gradient) {
                    assertThat(Float.isFinite(g)).as(name).isTrue();
                    norm += g * g;
                }
                assertThat(norm).as(name).isPositive();
            }
        }
    }

    @Test
    void aColourLogisticRenderLiesOnThe256LevelGridAndRepeatsUnderTheSameSeed() {
        for (int components : new int[] {1, 3}) {
            try (Vae model = new Vae(colour(LikelihoodKind.DISCRETIZED_LOGISTIC, components), manager)) {
                NDArray z = manager.randomNormal(new Shape(2, 2));
                Engines.seed(5);
                float[] images = model.render(z).toFloatArray();
                Engines.seed(5);
                float[] again = model.render(z).toFloatArray();

                assertThat(images).hasSize(2 * D);
                assertThat(again).containsExactly(images);
                Set<Float> levels = new HashSet<>();
                for (float v : images) {
                    assertThat(v).isBetween(0f, 1f);
                    assertThat(v * 255).as("K=%d", components).isCloseTo(Math.round(v * 255), within(1e-3f));
                    levels.add(v);
                }
                assertThat(levels.size())
                        .as("K=%d: distinct levels", components)
                        .isGreaterThan(10);
            }
        }
    }

    @Test
    void aGaussianRenderDrawsEachColourAroundTheMeanTheDecoderGivesIt() {
        // σ = 10⁻³: each drawn value lies within a few σ of the mean the teacher-forced decoder gives it for the image
        // drawn, which holds only if each colour is drawn from its own parameters (output o = p·3 + c) and, per
        // dimension, its own σ (feature c·h·w + pixel)
        for (GaussianVariance variance : GaussianVariance.values()) {
            ModelConfig c = withLikelihood(
                    colour(LikelihoodKind.GAUSSIAN, 1),
                    LikelihoodConfig.builder()
                            .kind(LikelihoodKind.GAUSSIAN)
                            .variance(variance)
                            .sigma(1e-3)
                            .build());
            try (Vae model = new Vae(c, manager)) {
                if (variance == GaussianVariance.PER_DIMENSION) {
                    // one colour's σ 10⁻⁶ (a draw within 6 σ of its mean), the others 10⁻³
                    float[] logSigma = new float[D];
                    for (int j = 0; j < D; j++) {
                        logSigma[j] = (float) Math.log(j / PIXELS == 1 ? 1e-6 : 1e-3);
                    }
                    Fixtures.setParameter(model, "decoder.logSigma", logSigma);
                }
                NDArray z = manager.randomNormal(new Shape(2, 2));

                NDArray images = model.render(z);
                float[] drawn = images.toFloatArray();
                float[] mean = model.decode(z, images).toFloatArray();

                for (int i = 0; i < drawn.length; i++) {
                    boolean green = i % D / PIXELS == 1;
                    float bound = variance == GaussianVariance.PER_DIMENSION && green ? 6e-6f : 6e-3f;
                    assertThat(Math.abs(drawn[i] - mean[i]))
                            .as("%s, value %d", variance, i)
                            .isLessThan(bound);
                }
            }
        }
    }

    @Test
    void aBernoulliRenderIsBinaryInEveryColour() {
        try (Vae model = new Vae(colour(LikelihoodKind.BERNOULLI, 1), manager)) {
            float[] images = model.render(manager.randomNormal(new Shape(3, 2))).toFloatArray();

            assertThat(images).hasSize(3 * D).containsOnly(0f, 1f);
            for (int colour = 0; colour < 3; colour++) {
                Set<Float> values = new HashSet<>();
                for (int b = 0; b < 3; b++) {
                    for (int p = 0; p < PIXELS; p++) {
                        values.add(images[b * D + colour * PIXELS + p]);
                    }
                }
                assertThat(values).as("colour %d", colour).containsExactlyInAnyOrder(0f, 1f);
            }
        }
    }

    @Test
    void theColourLogisticSamplerReadsAPixelsParametersInTheObservationModelsLayout() {
        // a 1 × 1 image: the PixelCNN's outputs at its pixel, o = p·3 + c, are the decoder layout's P blocks of 3
        int k = 2;
        ModelConfig c = colour(LikelihoodKind.DISCRETIZED_LOGISTIC, k);
        LikelihoodConfig likelihood = c.family(VaeConfig.class).likelihood();
        int n = 5;
        float[] values = Fixtures.uniform(3, n * 12 * k, -2, 1);
        NDArray parameters = Fixtures.array(manager, values, n, 12 * k);
        float[] drawnSoFar = new float[n * 3];
        for (int i = 0; i < n; i++) {
            drawnSoFar[i * 3] = (40 + 30 * i) / 255f;
            drawnSoFar[i * 3 + 1] = (250 - 45 * i) / 255f;
        }
        NDArray drawn = Fixtures.array(manager, drawnSoFar, n, 3);
        try (Vae model = new Vae(c, manager)) {
            PixelCnn.PixelDraw draw = FeatureSampler.create(c, likelihood, model.parameters());
            for (int colour = 0; colour < 3; colour++) {
                Engines.seed(11 + colour);
                float[] sampled = draw.draw(parameters, 0, colour, drawn).toFloatArray();

                // the documented layout read by hand: blocks weight logit, mean, log-scale, coefficient, each (K, 3)
                NDList blocks = parameters.reshape(n, 4, k, 3, 1).split(4, 1);
                Shape perColour = new Shape(n, k, 3, 1);
                Engines.seed(11 + colour);
                NDArray componentUniform = manager.randomUniform(0f, 1f, new Shape(n, k, 1));
                NDArray uniform = manager.randomUniform(0f, 1f, new Shape(n, 1));
                float[] expected = DiscretizedLogisticColour.sampleColour(
                                drawn.reshape(n, 3, 1),
                                blocks.get(0).reshape(perColour).sum(new int[] {2}),
                                blocks.get(1).reshape(perColour),
                                blocks.get(2).reshape(perColour),
                                blocks.get(3).reshape(perColour),
                                colour,
                                componentUniform,
                                uniform)
                        .toFloatArray();

                assertThat(sampled).as("colour %d", colour).containsExactly(expected);
            }
        }
    }
}
