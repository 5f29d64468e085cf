package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.MaskedConv2d.MaskType;
import dev.vaekit.nn.MaskedConv2d.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaskedConv2dTest {
    private static final int SIZE = 7;

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
     * Which input pixels each output pixel reads: the layer is affine in x, so output p reads input q exactly when
     * f(e_q) − f(0) is non-zero at p, e_q the image that is 1 at q and 0 elsewhere. Masked taps contribute exact
     * zeros, so "does not read" is an exact 0.
     *
     * @return [p][q] over the SIZE × SIZE pixels in raster order
     */
    private boolean[][] reads(MaskedConv2d conv, int outChannels) {
        int pixels = SIZE * SIZE;
        float[] impulses = new float[(pixels + 1) * pixels];
        for (int q = 0; q < pixels; q++) {
            impulses[q * pixels + q] = 1f;
        }
        NDArray x = manager.create(impulses, new Shape(pixels + 1, 1, SIZE, SIZE)); // the last image is 0
        float[] y = conv.forward(x).toFloatArray();
        int perImage = outChannels * pixels;
        boolean[][] reads = new boolean[pixels][pixels];
        for (int q = 0; q < pixels; q++) {
            for (int c = 0; c < outChannels; c++) {
                for (int p = 0; p < pixels; p++) {
                    int at = c * pixels + p;
                    if (y[q * perImage + at] != y[pixels * perImage + at]) {
                        reads[p][q] = true;
                    }
                }
            }
        }
        return reads;
    }

    private MaskedConv2d conv(int kernel, Region region, MaskType type) {
        return new MaskedConv2d(new Parameters(manager), "conv", 1, 3, kernel, region, type);
    }

    @Test
    void aTypeARasterLayerReadsOnlyPixelsBeforeEachOutputPixel() {
        boolean[][] reads = reads(conv(5, Region.RASTER, MaskType.A), 3);

        for (int p = 0; p < SIZE * SIZE; p++) {
            for (int q = p; q < SIZE * SIZE; q++) {
                assertThat(reads[p][q]).as("output %d reads input %d", p, q).isFalse();
            }
        }
        // the pixel just left of p, and the one just above it, are read
        int p = 3 * SIZE + 3;
        assertThat(reads[p][p - 1]).isTrue();
        assertThat(reads[p][p - SIZE]).isTrue();
        assertThat(reads[p][p - SIZE + 2])
                .as("above and to the right, inside the 5 × 5 window")
                .isTrue();
    }

    @Test
    void aTypeBRasterLayerReadsThePixelItselfButNothingAfterIt() {
        boolean[][] reads = reads(conv(5, Region.RASTER, MaskType.B), 3);

        for (int p = 0; p < SIZE * SIZE; p++) {
            assertThat(reads[p][p]).as("output %d reads its own input", p).isTrue();
            for (int q = p + 1; q < SIZE * SIZE; q++) {
                assertThat(reads[p][q]).as("output %d reads input %d", p, q).isFalse();
            }
        }
    }

    @Test
    void everyMaskReadsExactlyItsTapsAroundEachPixel() {
        for (Region region : Region.values()) {
            for (MaskType type : MaskType.values()) {
                for (int kernel : new int[] {3, 5}) {
                    boolean[][] taps = MaskedConv2d.taps(kernel, region, type);
                    boolean[][] reads = reads(conv(kernel, region, type), 3);
                    int centre = kernel / 2;
                    for (int p = 0; p < SIZE * SIZE; p++) {
                        for (int q = 0; q < SIZE * SIZE; q++) {
                            int dr = q / SIZE - p / SIZE + centre;
                            int dc = q % SIZE - p % SIZE + centre;
                            boolean inWindow = dr >= 0 && dr < kernel && dc >= 0 && dc < kernel;
                            assertThat(reads[p][q])
                                    .as("%s %s k=%d: output %d reads input %d", region, type, kernel, p, q)
                                    .isEqualTo(inWindow && taps[dr][dc]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theMasksAreTheRasterOrderSplitIntoRowsAboveAndPixelsToTheLeft() {
        boolean[][] verticalA = MaskedConv2d.taps(5, Region.VERTICAL, MaskType.A);
        boolean[][] verticalB = MaskedConv2d.taps(5, Region.VERTICAL, MaskType.B);
        for (MaskType type : MaskType.values()) {
            boolean[][] raster = MaskedConv2d.taps(5, Region.RASTER, type);
            boolean[][] horizontal = MaskedConv2d.taps(5, Region.HORIZONTAL, type);
            for (int r = 0; r < 5; r++) {
                for (int c = 0; c < 5; c++) {
                    assertThat(verticalA[r][c] || horizontal[r][c])
                            .as("%s tap (%d, %d)", type, r, c)
                            .isEqualTo(raster[r][c]);
                    assertThat(verticalA[r][c] && horizontal[r][c]).isFalse();
                }
            }
        }
        assertThat(verticalA[2]).containsOnly(false);
        assertThat(verticalB[2]).containsOnly(true);
        assertThat(verticalB[3]).containsOnly(false);
    }

    @Test
    void onlyTheRowsAndColumnsAMaskReachesAreStored() {
        Parameters params = new Parameters(manager);
        MaskedConv2d raster = new MaskedConv2d(params, "raster", 2, 4, 7, Region.RASTER, MaskType.A);
        MaskedConv2d vertical = new MaskedConv2d(params, "vertical", 2, 4, 3, Region.VERTICAL, MaskType.B);
        MaskedConv2d horizontal = new MaskedConv2d(params, "horizontal", 2, 4, 3, Region.HORIZONTAL, MaskType.B);
        MaskedConv2d horizontalA = new MaskedConv2d(params, "horizontalA", 2, 4, 7, Region.HORIZONTAL, MaskType.A);

        assertThat(raster.kernelSize()).containsExactly(4, 7);
        assertThat(vertical.kernelSize()).containsExactly(2, 3);
        assertThat(horizontal.kernelSize()).containsExactly(1, 2);
        assertThat(horizontalA.kernelSize()).containsExactly(1, 4);
        assertThat(params.asMap())
                .containsOnlyKeys(
                        "raster.weight",
                        "raster.bias",
                        "vertical.weight",
                        "vertical.bias",
                        "horizontal.weight",
                        "horizontal.bias",
                        "horizontalA.weight",
                        "horizontalA.bias");
        assertThat(params.asMap().get("raster.weight").getShape()).isEqualTo(new Shape(4, 2, 4, 7));
        assertThat(params.asMap().get("horizontal.weight").getShape()).isEqualTo(new Shape(4, 2, 1, 2));
        NDArray x = manager.randomNormal(new Shape(2, 2, 6, 5));
        assertThat(raster.forward(x).getShape()).isEqualTo(new Shape(2, 4, 6, 5));
        assertThat(horizontal.forward(x).getShape()).isEqualTo(new Shape(2, 4, 6, 5));
    }

    @Test
    void maskedTapsGetNoGradient() {
        Parameters params = new Parameters(manager);
        MaskedConv2d conv = new MaskedConv2d(params, "conv", 1, 1, 3, Region.RASTER, MaskType.A);
        NDArray x = manager.randomNormal(new Shape(2, 1, 5, 5));
        JniUtils.setGradMode(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(conv.forward(x).square().sum());
        } finally {
            JniUtils.setGradMode(false);
        }

        float[] gradient = params.gradient("conv.weight").toFloatArray(); // the stored 2 × 3 kernel
        assertThat(gradient).hasSize(6);
        assertThat(new float[] {gradient[0], gradient[1], gradient[2], gradient[3]})
                .doesNotContain(0f);
        assertThat(Math.abs(gradient[4]) + Math.abs(gradient[5])).isZero(); // the centre and the tap right of it
    }
}
