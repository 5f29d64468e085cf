package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import dev.vaekit.nn.MaskedConv2d.MaskType;
import dev.vaekit.nn.MaskedConv2d.Region;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The colour masks of van den Oord et al. 2016 ("Pixel Recurrent Neural Networks", §3.4) on single layers: which input
 * channel of which pixel each output channel reads, found with impulses (the layers are affine in x, so output (o, p)
 * reads input (i, q) exactly when f(e_{i,q}) − f(0) is non-zero there; masked connections add exact zeros).
 */
class ColourMasksTest extends TensorTest {
    private static final int SIZE = 5;
    private static final int PIXELS = SIZE * SIZE;

    @BeforeEach
    void open() {
        Engines.seed(8);
    }

    /**
     * @param layer an affine map of (n, in, SIZE, SIZE) images
     * @return [o][p][i][q]: whether output channel o at pixel p reads input channel i at pixel q
     */
    private boolean[][][][] reads(java.util.function.UnaryOperator<NDArray> layer, int in, int out) {
        int inputs = in * PIXELS;
        float[] impulses = new float[(inputs + 1) * inputs];
        for (int j = 0; j < inputs; j++) {
            impulses[j * inputs + j] = 1f;
        }
        float[] y = layer.apply(manager.create(impulses, new Shape(inputs + 1, in, SIZE, SIZE)))
                .toFloatArray();
        int perImage = out * PIXELS;
        boolean[][][][] reads = new boolean[out][PIXELS][in][PIXELS];
        for (int i = 0; i < in; i++) {
            for (int q = 0; q < PIXELS; q++) {
                int image = i * PIXELS + q;
                for (int o = 0; o < out; o++) {
                    for (int p = 0; p < PIXELS; p++) {
                        int at = o * PIXELS + p;
                        reads[o][p][i][q] = y[image * perImage + at] != y[inputs * perImage + at];
                    }
                }
            }
        }
        return reads;
    }

    @Test
    void featureChannelsSplitIntoContiguousGroupsAndTheGateKeepsEachChannelsColour() {
        ChannelGroups groups = ChannelGroups.contiguous(8, 3);
        int[] colours = new int[8];
        for (int k = 0; k < 8; k++) {
            colours[k] = groups.colour(k);
        }
        assertThat(colours).containsExactly(0, 0, 0, 1, 1, 1, 2, 2);
        ChannelGroups gated = groups.gated();
        assertThat(gated.size()).isEqualTo(16);
        for (int k = 0; k < 8; k++) {
            assertThat(gated.colour(k)).isEqualTo(colours[k]);
            assertThat(gated.colour(8 + k)).isEqualTo(colours[k]);
        }
        assertThatThrownBy(() -> ChannelGroups.contiguous(2, 3)).hasMessageContaining("2 channels");
    }

    @Test
    void theFirstHorizontalLayerReadsEarlierColoursOfThePixelAndEveryColourLeftOfIt() {
        ChannelGroups out = ChannelGroups.contiguous(6, 3);
        MaskedConv2d conv = new MaskedConv2d(
                new Parameters(manager),
                "horizontal",
                3,
                6,
                5,
                Region.HORIZONTAL,
                MaskType.A,
                ChannelGroups.image(3),
                out);
        boolean[][][][] reads = reads(conv::forward, 3, 6);

        assertThat(conv.kernelSize()).containsExactly(1, 3); // two pixels to the left and the pixel itself
        for (int o = 0; o < 6; o++) {
            for (int p = 0; p < PIXELS; p++) {
                for (int i = 0; i < 3; i++) {
                    for (int q = 0; q < PIXELS; q++) {
                        boolean sameRow = q / SIZE == p / SIZE;
                        int left = p % SIZE - q % SIZE;
                        boolean expected = sameRow && (left == 1 || left == 2 || (left == 0 && i < out.colour(o)));
                        assertThat(reads[o][p][i][q])
                                .as("output %d at %d reads input %d at %d", o, p, i, q)
                                .isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void aTypeBHorizontalLayerAlsoReadsThePixelsOwnColour() {
        ChannelGroups groups = ChannelGroups.contiguous(4, 3);
        MaskedConv2d conv = new MaskedConv2d(
                new Parameters(manager), "horizontal", 4, 8, 3, Region.HORIZONTAL, MaskType.B, groups, groups.gated());
        boolean[][][][] reads = reads(conv::forward, 4, 8);

        int p = 2 * SIZE + 2;
        for (int o = 0; o < 8; o++) {
            for (int i = 0; i < 4; i++) {
                assertThat(reads[o][p][i][p])
                        .as(
                                "output %d (colour %d) reads input %d (colour %d) of its pixel",
                                o, groups.gated().colour(o), i, groups.colour(i))
                        .isEqualTo(groups.colour(i) <= groups.gated().colour(o));
                assertThat(reads[o][p][i][p - 1]).isTrue();
                assertThat(reads[o][p][i][p + 1]).isFalse();
                assertThat(reads[o][p][i][p - SIZE]).isFalse();
            }
        }
    }

    @Test
    void aColourMaskedOneByOneMapReadsTheSameAndEarlierColoursOfItsPixelOnly() {
        ChannelGroups in = ChannelGroups.contiguous(5, 3);
        ChannelGroups out = ChannelGroups.of(new int[] {0, 1, 2, 0, 2, 1}, 3);
        Conv1x1 map = new Conv1x1(new Parameters(manager), "map", 5, 6, true, in, out);
        boolean[][][][] reads = reads(map::forward, 5, 6);

        for (int o = 0; o < 6; o++) {
            for (int i = 0; i < 5; i++) {
                for (int p = 0; p < PIXELS; p++) {
                    for (int q = 0; q < PIXELS; q++) {
                        assertThat(reads[o][p][i][q]).isEqualTo(q == p && in.colour(i) <= out.colour(o));
                    }
                }
            }
        }
    }

    @Test
    void theGreyMasksAreUnchangedWithoutGroups() {
        Parameters params = new Parameters(manager);
        MaskedConv2d grey = new MaskedConv2d(params, "grey", 1, 2, 7, Region.HORIZONTAL, MaskType.A);

        assertThat(grey.kernelSize()).containsExactly(1, 4);
        assertThat(params.asMap().get("grey.weight").getShape()).isEqualTo(new Shape(2, 1, 1, 4));
        float[] kernel = grey.kernel().toFloatArray();
        assertThat(kernel[3]).isZero(); // the centre, which type A does not read
        assertThat(kernel[7]).isZero();
        assertThatThrownBy(() -> new MaskedConv2d(
                        params,
                        "vertical",
                        3,
                        6,
                        3,
                        Region.VERTICAL,
                        MaskType.A,
                        ChannelGroups.image(3),
                        ChannelGroups.contiguous(6, 3)))
                .hasMessageContaining("VERTICAL");
    }
}
