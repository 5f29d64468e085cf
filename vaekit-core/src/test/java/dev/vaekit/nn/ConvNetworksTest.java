package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Convolutional and residual encoders and decoders: shapes, names, gradients, weight normalisation, bad sizes. */
class ConvNetworksTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(7);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void encoderHalvesTheImageOncePerStageAndEndsInADenseLayer() {
        try (Parameters params = new Parameters(manager)) {
            ConvEncoder encoder = new ConvEncoder(
                    params, "encoder", List.of(1, 28, 28), 0, List.of(8, 16), 0, 6, ActivationKind.RELU);
            NDArray out = encoder.forward(manager.randomUniform(0, 1, new Shape(5, 784)));
            assertThat(out.getShape()).isEqualTo(new Shape(5, 6));
            Map<String, NDArray> p = params.asMap();
            assertThat(p.get("encoder.stages.0.down.weight").getShape()).isEqualTo(new Shape(8, 1, 4, 4));
            assertThat(p.get("encoder.stages.1.down.weight").getShape()).isEqualTo(new Shape(16, 8, 4, 4));
            assertThat(p.get("encoder.out.weight").getShape()).isEqualTo(new Shape(6, 16 * 7 * 7));
        }
    }

    @Test
    void decoderMirrorsTheEncoderAndOutputsBlocksOfImagesForEachParameter() {
        try (Parameters params = new Parameters(manager)) {
            ConvDecoder decoder =
                    new ConvDecoder(params, "decoder", 3, List.of(2, 8, 12), List.of(4, 6), 1, 2, ActivationKind.ELU);
            NDArray out = decoder.forward(manager.randomNormal(new Shape(3, 5, 3)));
            assertThat(out.getShape()).isEqualTo(new Shape(3, 5, 2 * 2 * 8 * 12));
            Map<String, NDArray> p = params.asMap();
            assertThat(p.get("decoder.in.weight").getShape()).isEqualTo(new Shape(6 * 2 * 3, 3));
            assertThat(p.get("decoder.stages.1.up.weight").getShape()).isEqualTo(new Shape(6, 4, 4, 4));
            // the last transposed convolution gives 2 parameters × 2 image channels
            assertThat(p.get("decoder.stages.0.up.weight").getShape()).isEqualTo(new Shape(4, 4, 4, 4));
            assertThat(p).containsKeys("decoder.stages.0.blocks.0.conv1.v", "decoder.stages.1.blocks.0.conv2.g");
        }
    }

    @Test
    void everyParameterOfAResidualEncoderAndDecoderGetsAFiniteNonZeroGradient() {
        try (Parameters params = new Parameters(manager)) {
            ConvEncoder encoder =
                    new ConvEncoder(params, "encoder", List.of(1, 8, 8), 0, List.of(4, 8), 2, 4, ActivationKind.ELU);
            ConvDecoder decoder =
                    new ConvDecoder(params, "decoder", 4, List.of(1, 8, 8), List.of(4, 8), 2, 1, ActivationKind.ELU);
            NDArray x = manager.randomUniform(0, 1, new Shape(3, 64));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss =
                        decoder.forward(encoder.forward(x)).sub(x).square().sum();
                gc.backward(loss);
            }
            params.asMap().forEach((name, p) -> {
                float[] g = p.getGradient().toFloatArray();
                double sum = 0;
                for (float v : g) {
                    assertThat(Float.isFinite(v)).as(name).isTrue();
                    sum += Math.abs(v);
                }
                assertThat(sum).as(name).isGreaterThan(0);
            });
        }
    }

    @Test
    void extraInputsBypassTheConvolutionsAndJoinTheDenseLayer() {
        try (Parameters params = new Parameters(manager)) {
            ConvEncoder encoder =
                    new ConvEncoder(params, "encoder", List.of(1, 4, 4), 3, List.of(2), 0, 5, ActivationKind.RELU);
            assertThat(params.asMap().get("encoder.out.weight").getShape()).isEqualTo(new Shape(5, 2 * 2 * 2 + 3));
            NDArray image = manager.randomUniform(0, 1, new Shape(2, 16));
            NDArray a = manager.create(new float[] {1, 0, 0, 0, 1, 0}, new Shape(2, 3));
            NDArray b = manager.create(new float[] {0, 0, 1, 0, 1, 0}, new Shape(2, 3));
            float[] withA = encoder.forward(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(image, a), 1))
                    .toFloatArray();
            float[] withB = encoder.forward(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(image, b), 1))
                    .toFloatArray();
            // the first row's extra inputs differ, the second's are equal
            assertThat(java.util.Arrays.copyOfRange(withA, 0, 5))
                    .isNotEqualTo(java.util.Arrays.copyOfRange(withB, 0, 5));
            assertThat(java.util.Arrays.copyOfRange(withA, 5, 10))
                    .containsExactly(java.util.Arrays.copyOfRange(withB, 5, 10));
        }
    }

    @Test
    void aWeightNormalisedKernelIsItsLengthTimesTheUnitDirectionAndStartsAsTheDirection() {
        try (Parameters params = new Parameters(manager)) {
            Conv2d conv = new Conv2d(params, "c", 2, 3, 3, 1, 1, true);
            NDArray v = params.asMap().get("c.v");
            assertThat(conv.kernel().toFloatArray()).containsExactly(v.toFloatArray(), within(1e-6f));
            params.asMap().get("c.g").set(new float[] {2f, 0.5f, 1f});
            NDArray kernel = conv.kernel();
            float[] norms = kernel.square().sum(new int[] {1, 2, 3}).sqrt().toFloatArray();
            assertThat(norms).containsExactly(new float[] {2f, 0.5f, 1f}, within(1e-5f));
        }
    }

    @Test
    void anImageThatCannotBeHalvedOftenEnoughIsRefusedWithTheSizes() {
        try (Parameters params = new Parameters(manager)) {
            assertThatThrownBy(() -> new ConvEncoder(
                            params, "encoder", List.of(1, 28, 28), 0, List.of(8, 8, 8), 0, 4, ActivationKind.RELU))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("model.hidden: each of its 3 entries is a stage that halves the image, but 28×28 is "
                            + "not divisible by 8; use fewer entries");
        }
    }
}
