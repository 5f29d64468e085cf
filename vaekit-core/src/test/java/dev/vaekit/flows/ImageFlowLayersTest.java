package dev.vaekit.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The image flow layers and the two multi-scale architectures, with parameters moved off their (often identity)
 * initial values: each inverts within 1e-4 and its log-determinant matches the autograd Jacobian's.
 */
class ImageFlowLayersTest {
    private NDManager manager;
    private Parameters params;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        params = new Parameters(manager);
        Engines.seed(21);
    }

    @AfterEach
    void close() {
        params.close();
        manager.close();
    }

    /** Each layer with the input shape it takes. */
    private record Case(FlowLayer layer, long[] shape) {}

    private Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("squeeze", new Case(new Squeeze(), new long[] {2, 2, 4, 4}));
        c.put("actnorm on images", new Case(new ActNorm(params, "norm", 3), new long[] {2, 3, 2, 2}));
        c.put(
                "checkerboard coupling",
                new Case(
                        new ImageCoupling(params, "cb", 2, 4, 4, ImageCoupling.Mask.CHECKERBOARD, 1, 4, 1),
                        new long[] {2, 2, 4, 4}));
        c.put(
                "channel coupling",
                new Case(
                        new ImageCoupling(params, "ch", 4, 2, 2, ImageCoupling.Mask.CHANNEL, 0, 4, 0),
                        new long[] {2, 4, 2, 2}));
        c.put(
                "checkerboard coupling, Glow's sigmoid scale",
                new Case(
                        new ImageCoupling(
                                params,
                                "cbSigmoid",
                                1,
                                4,
                                4,
                                ImageCoupling.Mask.CHECKERBOARD,
                                0,
                                4,
                                1,
                                ImageCoupling.Scale.SIGMOID),
                        new long[] {1, 1, 4, 4}));
        c.put(
                "additive channel coupling",
                new Case(
                        new ImageCoupling(
                                params,
                                "chAdditive",
                                3,
                                2,
                                2,
                                ImageCoupling.Mask.CHANNEL,
                                1,
                                4,
                                0,
                                ImageCoupling.Scale.ADDITIVE),
                        new long[] {2, 3, 2, 2}));
        c.put(
                "Glow coupling",
                new Case(
                        new GlowCoupling(params, "glowCoupling", 4, 4, ImageCoupling.Scale.SIGMOID),
                        new long[] {2, 4, 2, 2}));
        c.put(
                "Glow coupling, tanh scale, odd channels",
                new Case(
                        new GlowCoupling(params, "glowCouplingTanh", 3, 4, ImageCoupling.Scale.TANH),
                        new long[] {2, 3, 2, 2}));
        c.put(
                "Glow coupling, additive",
                new Case(
                        new GlowCoupling(params, "glowCouplingAdditive", 2, 4, ImageCoupling.Scale.ADDITIVE),
                        new long[] {2, 2, 2, 2}));
        c.put("1x1 convolution", new Case(new InvertibleConv1x1(params, "mix", 3, 7), new long[] {2, 3, 2, 2}));
        c.put(
                "learned prior",
                new Case(
                        new LearnedPrior(params, "top", new ai.djl.ndarray.types.Shape(3, 2, 2)),
                        new long[] {2, 3, 2, 2}));
        c.put("realnvp, 2 scales", new Case(ImageFlows.realNvp(params, "rnvp", 1, 4, 4, 2, 4, 1), new long[] {2, 1, 4, 4
        }));
        c.put("glow, 2 levels", new Case(ImageFlows.glow(params, "glow", 1, 4, 4, 2, 2, 4), new long[] {2, 1, 4, 4}));
        c.put(
                "glow, sigmoid scale, 1 level",
                new Case(
                        ImageFlows.glow(
                                params,
                                "glowSigmoid",
                                1,
                                4,
                                4,
                                new ImageFlows.GlowOptions(1, 2, 4, ImageCoupling.Scale.SIGMOID)),
                        new long[] {1, 1, 4, 4}));
        c.put(
                "realnvp, additive, 2 scales on 2 channels",
                new Case(
                        ImageFlows.realNvp(
                                params,
                                "rnvpAdditive",
                                2,
                                4,
                                2,
                                new ImageFlows.RealNvpOptions(2, 4, 1, ImageCoupling.Scale.ADDITIVE)),
                        new long[] {1, 2, 4, 2}));
        FlowLayer batchNormed = ImageFlows.realNvp(
                params,
                "rnvpBatchNorm",
                1,
                4,
                4,
                new ImageFlows.RealNvpOptions(2, 4, 1, ImageCoupling.Scale.TANH, FlowNormalization.BATCHNORM));
        batchNormed.setTraining(false); // evaluation mode: each example's own invertible map
        c.put("realnvp, batch norm, 2 scales", new Case(batchNormed, new long[] {2, 1, 4, 4}));
        Fixtures.perturb(params, 0.3f, 5);
        return c;
    }

    @Test
    void everyLayerAndArchitectureInverts() {
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            NDArray x = manager.randomNormal(
                    new ai.djl.ndarray.types.Shape(e.getValue().shape()));
            FlowLayer layer = e.getValue().layer();
            NDArray back = layer.inverse(layer.forward(x, null).output(), null);
            assertThat(back.sub(x).abs().max().getFloat()).as(e.getKey()).isLessThan(1e-4f);
        }
    }

    @Test
    void everyLogDeterminantMatchesTheAutogradJacobian() {
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            NDArray x = manager.randomNormal(
                    new ai.djl.ndarray.types.Shape(e.getValue().shape()));
            FlowLayer layer = e.getValue().layer();
            double[] reported = FlowChecks.doubles(layer.forward(x, null).logDet());
            double[] numeric = FlowChecks.numericLogDet(layer, x, null);
            for (int b = 0; b < reported.length; b++) {
                assertThat(reported[b]).as(e.getKey() + ", example " + b).isCloseTo(numeric[b], within(2e-3));
            }
        }
    }

    @Test
    void theOneByOneConvolutionStartsAsARotationAndItsLuFormRebuildsIt() {
        int c = 5;
        double[][] q = InvertibleConv1x1.rotation(c, 9);
        InvertibleConv1x1 mix = new InvertibleConv1x1(params, "mix", c, 9);
        float[] w = mix.weight().toFloatArray();
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                assertThat((double) w[i * c + j]).as("W[%d][%d]", i, j).isCloseTo(q[i][j], within(1e-5));
            }
        }
        // a rotation preserves volume: log |det W| = 0
        NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(1, c, 3, 3));
        assertThat(mix.forward(x, null).logDet().getFloat()).isCloseTo(0f, within(1e-4f));
    }

    @Test
    void theOneByOneConvolutionsLogDeterminantIsPixelsTimesLogAbsDetW() {
        int c = 4;
        InvertibleConv1x1 mix = new InvertibleConv1x1(params, "mix", c, 3);
        Fixtures.perturb(params, 0.5f, 11); // leaves the rotation: det W is no longer ±1
        float[] w = mix.weight().toFloatArray();
        double[][] matrix = new double[c][c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                matrix[i][j] = w[i * c + j];
            }
        }
        double logAbsDetW = FlowChecks.logAbsDet(matrix);
        assertThat(Math.abs(logAbsDetW)).isGreaterThan(0.05);
        NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, c, 3, 5));
        for (float logDet : mix.forward(x, null).logDet().toFloatArray()) {
            assertThat((double) logDet).isCloseTo(15 * logAbsDetW, within(1e-3));
        }
        // y = W x at every pixel
        float[] in = x.get("0, :, 1, 2").toFloatArray();
        float[] out = mix.forward(x, null).output().get("0, :, 1, 2").toFloatArray();
        for (int i = 0; i < c; i++) {
            double expected = 0;
            for (int j = 0; j < c; j++) {
                expected += matrix[i][j] * in[j];
            }
            assertThat((double) out[i]).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void zeroInitialisedCouplingsStartAsTheIdentityAndTheSigmoidOneNearIt() {
        NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, 2, 4, 4));
        for (ImageCoupling.Scale scaling : ImageCoupling.Scale.values()) {
            ImageCoupling coupling = new ImageCoupling(
                    params, "fresh." + scaling, 2, 4, 4, ImageCoupling.Mask.CHANNEL, 0, 4, 1, scaling);
            FlowLayer.Result r = coupling.forward(x, null);
            // the kept channel passes unchanged; the other is scaled by exp(s(0)): 1, or sigmoid(2) for Glow's scale
            double factor = scaling == ImageCoupling.Scale.SIGMOID ? 1 / (1 + Math.exp(-2)) : 1;
            NDArray expected = x.get(":, 1:2").mul((float) factor);
            assertThat(r.output().get(":, 0:1").sub(x.get(":, 0:1")).abs().max().getFloat())
                    .as(scaling.name())
                    .isZero();
            assertThat(r.output().get(":, 1:2").sub(expected).abs().max().getFloat())
                    .as(scaling.name())
                    .isLessThan(1e-6f);
            for (float logDet : r.logDet().toFloatArray()) {
                assertThat((double) logDet).as(scaling.name()).isCloseTo(16 * Math.log(factor), within(1e-4));
            }
        }
    }

    @Test
    void aFreshGlowCouplingKeepsItsFirstHalfAndScalesTheOtherBySigmoidOfTwo() {
        NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(2, 4, 3, 3));
        for (ImageCoupling.Scale scaling : ImageCoupling.Scale.values()) {
            FlowLayer.Result r = new GlowCoupling(params, "freshGlow." + scaling, 4, 8, scaling).forward(x, null);
            double factor = scaling == ImageCoupling.Scale.SIGMOID ? 1 / (1 + Math.exp(-2)) : 1;
            assertThat(r.output().get(":, 0:2").sub(x.get(":, 0:2")).abs().max().getFloat())
                    .as(scaling.name())
                    .isZero();
            assertThat(r.output()
                            .get(":, 2:4")
                            .sub(x.get(":, 2:4").mul((float) factor))
                            .abs()
                            .max()
                            .getFloat())
                    .as(scaling.name())
                    .isLessThan(1e-6f);
            for (float logDet : r.logDet().toFloatArray()) {
                assertThat((double) logDet).as(scaling.name()).isCloseTo(2 * 9 * Math.log(factor), within(1e-4));
            }
        }
    }

    @Test
    void initialisingAGlowCouplingStandardisesItsHiddenActivationsOnTheBatch() {
        GlowCoupling coupling = new GlowCoupling(params, "initGlow", 4, 6, ImageCoupling.Scale.SIGMOID);
        NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(32, 4, 5, 5))
                .mul(3f)
                .add(2f);
        // each hidden channel's values over the batch and pixels, one row per channel
        NDArray before =
                coupling.midActivations(x.get(":, 0:2")).transpose(1, 0, 2, 3).reshape(6, -1);
        assertThat(before.mean(new int[] {1}).abs().max().getFloat()).isGreaterThan(0.01f);
        coupling.initialize(x, null);
        NDArray h =
                coupling.midActivations(x.get(":, 0:2")).transpose(1, 0, 2, 3).reshape(6, -1);
        NDArray mean = h.mean(new int[] {1});
        NDArray std = h.sub(mean.reshape(6, 1)).square().mean(new int[] {1}).sqrt();
        assertThat(mean.abs().max().getFloat()).isLessThan(1e-4f);
        assertThat(std.sub(1f).abs().max().getFloat()).isLessThan(1e-3f);
        // the zero-initialised output convolution keeps the layer at its fresh map regardless of the initialisation
        assertThat(coupling.forward(x, null)
                        .output()
                        .get(":, 0:2")
                        .sub(x.get(":, 0:2"))
                        .abs()
                        .max()
                        .getFloat())
                .isZero();
    }

    @Test
    void theBuildersCheckTheirSettingsAndTheImageSize() {
        assertThatThrownBy(() -> new ImageFlows.GlowOptions(0, 2, 4, ImageCoupling.Scale.SIGMOID))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("levels must be >= 1, got 0");
        assertThatThrownBy(() -> new ImageFlows.RealNvpOptions(2, 4, -1, ImageCoupling.Scale.TANH))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("residual blocks must be >= 0, got -1");
        assertThatThrownBy(() -> ImageFlows.glow(
                        params, "g", 1, 12, 12, new ImageFlows.GlowOptions(3, 1, 4, ImageCoupling.Scale.SIGMOID)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("divisible by 8; got 12x12");
    }

    @Test
    void squeezeMovesEach2x2BlockIntoChannels() {
        NDArray x = manager.arange(16f).reshape(1, 1, 4, 4);
        NDArray y = new Squeeze().forward(x, null).output();
        assertThat(y.getShape().getShape()).containsExactly(1, 4, 2, 2);
        // channel 0 holds the top-left pixel of each block, channel 3 the bottom-right
        assertThat(y.get("0, 0").toFloatArray()).containsExactly(0, 2, 8, 10);
        assertThat(y.get("0, 3").toFloatArray()).containsExactly(5, 7, 13, 15);
    }
}
