package dev.vaekit.models;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.TensorTest;
import dev.vaekit.distributions.DiscretizedLogisticColour;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.Parameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decoder layout of the discretized logistic on colour images (Salimans et al. 2017, eq. 3): its width, the order of
 * its blocks, and that grey images keep the per-pixel mixture of eq. 2.
 */
class DiscretizedLogisticColourObservationTest extends TensorTest {
    private static final int HEIGHT = 2;
    private static final int WIDTH = 3;
    private static final int PIXELS = HEIGHT * WIDTH;
    private static final int D = 3 * PIXELS;

    @BeforeEach
    void open() {
        Engines.seed(9);
    }

    private static LikelihoodConfig likelihood(LikelihoodKind kind, int components) {
        return LikelihoodConfig.builder()
                .kind(kind)
                .mixtureComponents(components)
                .build();
    }

    private static ModelConfig config(String type, int channels, LikelihoodKind kind, int components) {
        return ModelConfig.builder(type)
                .inputShape(channels, HEIGHT * 2, WIDTH * 2)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(likelihood(kind, components))
                        .build())
                .build();
    }

    private ObservationModel observation(int channels, int components) {
        ModelConfig c = ModelConfig.builder("dense-vae")
                .inputShape(channels, HEIGHT, WIDTH)
                .latentDim(2)
                .hidden(4)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, components))
                        .build())
                .build();
        return ObservationModel.create(
                c, likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, components), null, new Parameters(manager));
    }

    @Test
    void aColourDecoderGivesFourOutputsPerComponentAndColourOrThreeForOneComponent() {
        LikelihoodConfig five = likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 5);
        LikelihoodConfig one = likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 1);

        assertThat(ObservationModel.parametersPerFeature(five, 3)).isEqualTo(20);
        assertThat(ObservationModel.parametersPerFeature(one, 3)).isEqualTo(3);
        // grey images and the other likelihoods are as before
        assertThat(ObservationModel.parametersPerFeature(five, 1)).isEqualTo(15);
        assertThat(ObservationModel.parametersPerFeature(one, 1)).isEqualTo(2);
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.CATEGORICAL_256, 1), 3))
                .isEqualTo(256);
        assertThat(ObservationModel.parametersPerFeature(likelihood(LikelihoodKind.GAUSSIAN, 1), 3))
                .isEqualTo(1);
        for (String type : new String[] {"dense-vae", "conv-vae"}) {
            try (Vae k3 = new Vae(config(type, 3, LikelihoodKind.DISCRETIZED_LOGISTIC, 3), manager);
                    Vae k1 = new Vae(config(type, 3, LikelihoodKind.DISCRETIZED_LOGISTIC, 1), manager)) {
                NDArray z = manager.randomNormal(new Shape(2, 2));
                int d = 3 * 4 * PIXELS;
                assertThat(k3.decode(z).getShape()).as(type).isEqualTo(new Shape(2, 12 * d));
                assertThat(k1.decode(z).getShape()).as(type).isEqualTo(new Shape(2, 3 * d));
                assertThat(k3.observation()).isInstanceOf(ObservationModel.DiscretizedLogisticColourObservation.class);
            }
        }
        try (Vae grey = new Vae(config("conv-vae", 1, LikelihoodKind.DISCRETIZED_LOGISTIC, 3), manager)) {
            assertThat(grey.observation()).isInstanceOf(ObservationModel.DiscretizedLogisticObservation.class);
        }
    }

    /** Colours at the 8-bit levels, (batch, 3·h·w) channel-major. */
    private static float[] colours(long seed, int batch) {
        float[] x = uniform(seed, batch * D, 0, 1);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(x[i] * 255) / 255f;
        }
        x[0] = 0f;
        x[1] = 1f;
        return x;
    }

    /** Rearranges block b (of K·d values, component-major, channel-major) of one output row to (K, 3, m). */
    private NDArray block(float[] out, int base, int b, int k) {
        float[] values = new float[k * D];
        System.arraycopy(out, base + b * k * D, values, 0, k * D);
        return array(manager, values, k, 3, PIXELS);
    }

    @Test
    void aMixtureReadsWeightsMeansLogScalesAndCoefficientsComponentMajorOnStackedSamples() {
        int k = 3;
        ObservationModel p = observation(3, k);
        float[] x = colours(1, 2);
        // two samples of a batch of two: (L = 2, batch = 2, 4·K·d)
        int width = 4 * k * D;
        float[] out = uniform(2, 2 * 2 * width, -2, 1);
        NDArray output = array(manager, out, 2, 2, width);

        float[] logP = p.logProb(array(manager, x, 2, D), output).toFloatArray();
        float[] mean = p.mean(output).toFloatArray();

        assertThat(logP).hasSize(4);
        assertThat(p.mean(output).getShape()).isEqualTo(new Shape(2, 2, D));
        for (int s = 0; s < 2; s++) {
            for (int row = 0; row < 2; row++) {
                int base = (s * 2 + row) * width;
                // the weight logit of a component at a pixel is the sum of its three colours' entries
                NDArray logits = block(out, base, 0, k).sum(new int[] {1});
                NDArray expected = DiscretizedLogisticColour.logProbPerPixel(
                                array(manager, java.util.Arrays.copyOfRange(x, row * D, (row + 1) * D), 3, PIXELS),
                                logits,
                                block(out, base, 1, k),
                                block(out, base, 2, k),
                                block(out, base, 3, k))
                        .sum();
                assertThat((double) logP[s * 2 + row])
                        .as("sample %d, row %d", s, row)
                        .isCloseTo(expected.getFloat(), within(1e-3));
                float[] expectedMean = DiscretizedLogisticColour.mean(
                                logits, block(out, base, 1, k), block(out, base, 3, k))
                        .toFloatArray();
                for (int j = 0; j < D; j++) {
                    assertThat(mean[(s * 2 + row) * D + j]).isCloseTo(expectedMean[j], within(1e-6f));
                }
            }
        }
    }

    @Test
    void oneComponentReadsMeansLogScalesAndCoefficients() {
        ObservationModel p = observation(3, 1);
        float[] x = colours(3, 1);
        float[] out = uniform(4, 3 * D, -1.5, 1);

        float logP = p.logProb(array(manager, x, 1, D), array(manager, out, 1, 3 * D))
                .getFloat();
        float expected = DiscretizedLogisticColour.logProbPerPixel(
                        array(manager, x, 3, PIXELS),
                        manager.zeros(new Shape(1, PIXELS)),
                        block(out, 0, 0, 1),
                        block(out, 0, 1, 1),
                        block(out, 0, 2, 1))
                .sum()
                .getFloat();

        assertThat((double) logP).isCloseTo(expected, within(1e-4));
    }

    @Test
    void aColourPixelCnnGivesTheWeightLogitsToRedAndEveryOtherOutputToItsOwnColour() {
        int[] colours = ObservationModel.outputColours(likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 2), 3);

        // 4 blocks of K = 2 components of 3 colours: o = (block·K + k)·3 + c
        assertThat(colours).hasSize(24);
        for (int o = 0; o < 24; o++) {
            assertThat(colours[o]).as("output %d", o).isEqualTo(o < 6 ? 0 : o % 3);
        }
        assertThat(ObservationModel.outputColours(likelihood(LikelihoodKind.DISCRETIZED_LOGISTIC, 1), 3))
                .containsExactly(0, 1, 2, 0, 1, 2, 0, 1, 2);
        assertThat(ObservationModel.outputColours(likelihood(LikelihoodKind.BERNOULLI, 1), 3))
                .containsExactly(0, 1, 2);
    }
}
