package dev.vaekit.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Convolutions}: output, kernel, bias and input gradients equal libtorch's double-precision computation, for
 * the output channel counts that a fault of some CPUs gets wrong (not a multiple of 16), with and without the padding
 * that works around it.
 */
class ConvolutionsTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Engines.newManager();
        Engines.seed(3);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** y, ∂L/∂x, ∂L/∂w, ∂L/∂b for L = Σ g ⊙ y, all as doubles, computed in {@code type}. */
    private double[][] forwardAndBackward(
            NDArray x0, NDArray w0, NDArray b0, NDArray g0, int stride, int pad, DataType type, Boolean padChannels) {
        NDArray x = x0.toType(type, true);
        NDArray w = w0.toType(type, true);
        NDArray b = b0.toType(type, true);
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        NDArray y;
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            Shape s = new Shape(stride, stride);
            Shape p = new Shape(pad, pad);
            y = padChannels == null
                    ? Convolutions.conv2d(x, w, b, s, p)
                    : Convolutions.conv2d(x, w, b, s, p, padChannels);
            collector.backward(y.mul(g0.toType(type, false)).sum());
        }
        return new double[][] {doubles(y), doubles(x.getGradient()), doubles(w.getGradient()), doubles(b.getGradient())
        };
    }

    private static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    /** Checks one layer shape three times over (the fault varies from call to call). */
    private void matchesDoublePrecision(
            int batch, int in, int side, int out, int k, int stride, int pad, Boolean padChannels) {
        for (int rep = 0; rep < 3; rep++) {
            NDArray x = manager.randomNormal(new Shape(batch, in, side, side));
            NDArray w = manager.randomNormal(new Shape(out, in, k, k)).mul(0.1f);
            NDArray b = manager.randomNormal(new Shape(out));
            long outSide = (side + 2L * pad - k) / stride + 1;
            NDArray g = manager.randomNormal(new Shape(batch, out, outSide, outSide));
            double[][] single = forwardAndBackward(x, w, b, g, stride, pad, DataType.FLOAT32, padChannels);
            double[][] reference = forwardAndBackward(x, w, b, g, stride, pad, DataType.FLOAT64, false);
            String[] names = {"output", "input gradient", "kernel gradient", "bias gradient"};
            for (int t = 0; t < names.length; t++) {
                assertThat(relativeError(single[t], reference[t]))
                        .as(
                                "%s of %d -> %d channels, %dx%d kernel, stride %d, padding %s, rep %d",
                                names[t], in, out, k, k, stride, padChannels, rep)
                        .isLessThan(1e-4);
            }
        }
    }

    private void everyShapeMatches(Boolean padChannels) {
        for (int out : new int[] {1, 2, 4, 12, 17, 32}) {
            matchesDoublePrecision(8, 32, 14, out, 3, 1, 1, padChannels);
        }
        matchesDoublePrecision(64, 16, 2, 4, 3, 1, 1, padChannels); // a Glow coupling's last layer on 2 x 2 images
        matchesDoublePrecision(64, 16, 2, 16, 3, 1, 1, padChannels);
        matchesDoublePrecision(64, 16, 2, 32, 3, 1, 1, padChannels);
        matchesDoublePrecision(8, 16, 7, 4, 2, 1, 1, padChannels); // the transposed convolution's 2 x 2 phases
        matchesDoublePrecision(8, 16, 9, 3, 5, 2, 2, padChannels);
        matchesDoublePrecision(8, 32, 14, 4, 1, 1, 0, padChannels);
        for (int side : new int[] {1, 2, 4}) { // a Glow coupling's first and middle layers on small images
            matchesDoublePrecision(64, 2, side, 16, 3, 1, 1, padChannels);
            matchesDoublePrecision(64, 16, side, 16, 1, 1, 0, padChannels);
            matchesDoublePrecision(64, 16, side, 16, 3, 1, 1, padChannels);
        }
        for (int out : new int[] {2, 4, 8, 12}) { // 1 x 1 convolutions: Glow's mixing of channels
            for (int side : new int[] {1, 2, 4, 7}) {
                matchesDoublePrecision(64, out, side, out, 1, 1, 0, padChannels);
                matchesDoublePrecision(64, 16, side, out, 1, 1, 0, padChannels);
            }
        }
    }

    @Test
    void asThisMachineRunsThemConvolutionsMatchDoublePrecision() {
        everyShapeMatches(null);
    }

    @Test
    void paddedToSixteenChannelsTheyMatchDoublePrecision() {
        everyShapeMatches(true);
    }

    /** ∂L/∂x and each kernel's ∂L/∂w of L = Σ g ⊙ conv(tanh(conv(… conv(x)))), in {@code type}. */
    private static double[][] chainGradients(NDArray x0, NDArray[] kernels0, NDArray g0, DataType type) {
        NDArray x = x0.toType(type, true);
        x.setRequiresGradient(true);
        NDArray[] kernels = new NDArray[kernels0.length];
        try (GradientCollector collector = Engines.engine().newGradientCollector()) {
            NDArray h = x;
            for (int i = 0; i < kernels.length; i++) {
                kernels[i] = kernels0[i].toType(type, true);
                kernels[i].setRequiresGradient(true);
                long k = kernels[i].getShape().get(2);
                h = Convolutions.conv2d(h, kernels[i], null, new Shape(1, 1), new Shape(k / 2, k / 2));
                h = i < kernels.length - 1 ? h.tanh() : h;
            }
            collector.backward(h.mul(g0.toType(type, false)).sum());
        }
        double[][] gradients = new double[kernels.length + 1][];
        gradients[0] = doubles(x.getGradient());
        for (int i = 0; i < kernels.length; i++) {
            gradients[i + 1] = doubles(kernels[i].getGradient());
        }
        return gradients;
    }

    @Test
    void aGlowCouplingsNetworkGetsTheGradientsOfDoublePrecision() {
        // conv 3x3 2 -> 16, tanh, conv 1x1 16 -> 16, tanh, conv 3x3 16 -> 4: the last layer's input is no leaf
        for (int side : new int[] {2, 4, 8}) {
            for (int rep = 0; rep < 3; rep++) {
                NDArray x = manager.randomNormal(new Shape(64, 2, side, side));
                NDArray[] kernels = {
                    manager.randomNormal(new Shape(16, 2, 3, 3)).mul(0.3f),
                    manager.randomNormal(new Shape(16, 16, 1, 1)).mul(0.3f),
                    manager.randomNormal(new Shape(4, 16, 3, 3)).mul(0.3f)
                };
                NDArray g = manager.randomNormal(new Shape(64, 4, side, side));
                double[][] single = chainGradients(x, kernels, g, DataType.FLOAT32);
                double[][] reference = chainGradients(x, kernels, g, DataType.FLOAT64);
                for (int t = 0; t < reference.length; t++) {
                    assertThat(relativeError(single[t], reference[t]))
                            .as("gradient %d on %dx%d images, rep %d", t, side, side, rep)
                            .isLessThan(1e-4);
                }
            }
        }
    }

    /** max |a − b| / max |b|; infinite where a has NaN. */
    private static double relativeError(double[] a, double[] b) {
        double scale = 0;
        for (double r : b) {
            scale = Math.max(scale, Math.abs(r));
        }
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
        }
        return worst / scale;
    }

    @Test
    void withoutRecordingTheyMatchToo() {
        NDArray x = manager.randomNormal(new Shape(2, 3, 6, 6));
        NDArray w = manager.randomNormal(new Shape(2, 3, 3, 3));
        NDArray y = Convolutions.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), true);
        NDArray reference = Convolutions.conv2d(
                x.toType(DataType.FLOAT64, false),
                w.toType(DataType.FLOAT64, false),
                null,
                new Shape(1, 1),
                new Shape(1, 1),
                false);
        assertThat(y.getShape()).isEqualTo(new Shape(2, 2, 6, 6));
        assertThat(y.toType(DataType.FLOAT64, false).sub(reference).abs().max().getDouble())
                .isLessThan(1e-5);
    }

    @Test
    void theSettingIsParsedOrRefusedWithItsChoices() {
        assertThat(Convolutions.Padding.parse(null)).isEqualTo(Convolutions.Padding.AUTO);
        assertThat(Convolutions.Padding.parse(" Always ")).isEqualTo(Convolutions.Padding.ALWAYS);
        assertThat(Convolutions.Padding.parse("never")).isEqualTo(Convolutions.Padding.NEVER);
        assertThatThrownBy(() -> Convolutions.Padding.parse("sometimes"))
                .hasMessageContaining("auto, always or never")
                .hasMessageContaining("sometimes");
    }
}
