package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The transposed convolution built from zero insertion equals the definition: every input scatters a kernel. */
class ConvTranspose2dTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(5);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /**
     * The definition (PyTorch's ConvTranspose2d): out[o, i·s − p + a, j·s − p + b] += x[c, i, j] · W[c, o, a, b], plus
     * the bias, written as plain loops.
     */
    private static float[] reference(
            float[] x, int in, int h, int w, float[] weight, float[] bias, int out, int k, int s, int p) {
        int oh = (h - 1) * s - 2 * p + k;
        int ow = (w - 1) * s - 2 * p + k;
        float[] y = new float[out * oh * ow];
        for (int o = 0; o < out; o++) {
            for (int q = 0; q < oh * ow; q++) {
                y[o * oh * ow + q] = bias[o];
            }
        }
        for (int c = 0; c < in; c++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int o = 0; o < out; o++) {
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                int r = i * s - p + a;
                                int t = j * s - p + b;
                                if (r >= 0 && r < oh && t >= 0 && t < ow) {
                                    y[(o * oh + r) * ow + t] +=
                                            x[(c * h + i) * w + j] * weight[((c * out + o) * k + a) * k + b];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    private void matchesTheDefinition(int in, int out, int h, int w, int k, int s, int p) {
        try (Parameters params = new Parameters(manager)) {
            ConvTranspose2d layer = new ConvTranspose2d(params, "up", in, out, k, s, p);
            float[] x = Fixtures.uniform(11, in * h * w, -1, 1);
            NDArray y = layer.forward(manager.create(x, new Shape(1, in, h, w)));
            float[] expected = reference(
                    x,
                    in,
                    h,
                    w,
                    params.asMap().get("up.weight").toFloatArray(),
                    params.asMap().get("up.bias").toFloatArray(),
                    out,
                    k,
                    s,
                    p);
            assertThat(y.getShape()).isEqualTo(new Shape(1, out, (h - 1) * s - 2 * p + k, (w - 1) * s - 2 * p + k));
            float[] actual = y.toFloatArray();
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @Test
    void strideTwoKernelFourPaddingOneDoublesTheSizeAsTheDefinitionSays() {
        matchesTheDefinition(3, 2, 4, 5, 4, 2, 1);
    }

    @Test
    void strideOneIsAPlainFullConvolution() {
        matchesTheDefinition(2, 3, 3, 3, 3, 1, 0);
    }

    @Test
    void strideThreeInsertsTwoZeros() {
        matchesTheDefinition(1, 1, 3, 2, 5, 3, 2);
    }
}
