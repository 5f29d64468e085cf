package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Engines;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PixelCnnTest {
    private static final int CHANNELS = 6;
    private static final int FEATURES = 3;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
        Engines.seed(21);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private PixelCnn pixelCnn(int layers, int height, int width, int parametersPerPixel) {
        return new PixelCnn(
                new Parameters(manager),
                "pixel",
                List.of(1, height, width),
                layers,
                CHANNELS,
                FEATURES,
                parametersPerPixel);
    }

    private NDArray binaryImages(int n, int pixels) {
        return manager.randomUniform(0f, 1f, new Shape(n, pixels)).lt(0.5f).toType(DataType.FLOAT32, false);
    }

    /**
     * One forward pass over an image and each of its copies with one pixel flipped: row 0 is the image, row 1 + q the
     * image with pixel q flipped between 0 and 1, all with the same features.
     *
     * @return the outputs, [1 + q][P · pixels]
     */
    private float[][] flippingEachPixel(PixelCnn cnn, int pixels, int parametersPerPixel) {
        NDArray features = manager.randomNormal(new Shape(1, FEATURES * pixels));
        float[] image = binaryImages(1, pixels).toFloatArray();
        float[] batch = new float[(pixels + 1) * pixels];
        for (int q = 0; q <= pixels; q++) {
            System.arraycopy(image, 0, batch, q * pixels, pixels);
            if (q > 0) {
                batch[q * pixels + q - 1] = 1f - image[q - 1];
            }
        }
        NDArray x = manager.create(batch, new Shape(pixels + 1, pixels));
        float[] out = cnn.forward(features.broadcast(pixels + 1, FEATURES * pixels), x)
                .toFloatArray();
        int width = parametersPerPixel * pixels;
        float[][] rows = new float[pixels + 1][];
        for (int q = 0; q <= pixels; q++) {
            rows[q] = Arrays.copyOfRange(out, q * width, (q + 1) * width);
        }
        return rows;
    }

    @Test
    void noOutputPixelDependsOnItsOwnInputPixelOrALaterOne() {
        int height = 7;
        int width = 9;
        int pixels = height * width;
        float[][] out = flippingEachPixel(pixelCnn(3, height, width, 2), pixels, 2);

        for (int p = 0; p < pixels; p++) {
            float[] perturbed = out[1 + p];
            boolean belowChanged = false;
            for (int block = 0; block < 2; block++) {
                int base = block * pixels;
                for (int q = 0; q <= p; q++) {
                    assertThat(perturbed[base + q])
                            .as("block %d: output %d after flipping input %d", block, q, p)
                            .isCloseTo(out[0][base + q], within(1e-6f));
                }
                if (p + width < pixels && Math.abs(perturbed[base + p + width] - out[0][base + p + width]) > 1e-6) {
                    belowChanged = true;
                }
            }
            if (p + width < pixels) {
                assertThat(belowChanged)
                        .as("the output below pixel %d reads it", p)
                        .isTrue();
            }
        }
    }

    @Test
    void theLastPixelReadsEveryEarlierPixelSoThereIsNoBlindSpot() {
        // 3 layers reach 5 pixels in every direction, more than a 5 × 6 image needs
        int height = 5;
        int width = 6;
        int pixels = height * width;
        PixelCnn cnn = pixelCnn(3, height, width, 1);
        assertThat(cnn.reach()).isEqualTo(5);
        float[][] out = flippingEachPixel(cnn, pixels, 1);

        for (int q = 0; q < pixels - 1; q++) {
            // a single masked stack would miss the pixels up and to the right, e.g. (3, 5) for the last pixel (4, 5)
            assertThat(out[1 + q][pixels - 1])
                    .as("last output after flipping pixel (%d, %d)", q / width, q % width)
                    .isNotEqualTo(out[0][pixels - 1]);
        }
    }

    @Test
    void eachPixelIsDrawnFromTheParametersTheTeacherForcedPassGivesForTheImageDrawn() {
        // 2 layers reach 4 pixels, so on 7 × 9 images sampling crops both rows and columns
        int height = 7;
        int width = 9;
        int pixels = height * width;
        int n = 3;
        PixelCnn cnn = pixelCnn(2, height, width, 2);
        NDArray features = manager.randomNormal(new Shape(n, FEATURES * pixels));
        List<float[]> seen = new ArrayList<>();
        List<float[]> drawn = new ArrayList<>();

        NDArray images = cnn.sample(features, (parameters, pixel, colour, drawnSoFar) -> {
            assertThat(colour).isZero();
            assertThat(pixel).isEqualTo(seen.size());
            assertThat(parameters.getShape()).isEqualTo(new Shape(n, 2));
            seen.add(parameters.toFloatArray());
            NDArray u = parameters.getManager().randomUniform(0f, 1f, new Shape(n));
            NDArray logits = parameters.get(":, 0");
            NDArray draw = u.lt(Activation.sigmoid(logits)).toType(DataType.FLOAT32, false);
            drawn.add(draw.toFloatArray());
            return draw;
        });

        assertThat(images.getShape()).isEqualTo(new Shape(n, pixels));
        assertThat(seen).hasSize(pixels);
        float[] sample = images.toFloatArray();
        float[] teacherForced = cnn.forward(features, images).toFloatArray(); // (n, 2 · pixels)
        for (int p = 0; p < pixels; p++) {
            for (int b = 0; b < n; b++) {
                assertThat(sample[b * pixels + p]).isEqualTo(drawn.get(p)[b]);
                for (int block = 0; block < 2; block++) {
                    assertThat(seen.get(p)[b * 2 + block])
                            .as("pixel %d, image %d, parameter %d", p, b, block)
                            .isCloseTo(teacherForced[(b * 2 + block) * pixels + p], within(1e-5f));
                }
            }
        }
        assertThat(sample).contains(0f, 1f);
    }

    @Test
    void leadingAxesAreKept() {
        PixelCnn cnn = pixelCnn(2, 4, 4, 3);
        NDArray features = manager.randomNormal(new Shape(2, 3, FEATURES * 16));
        NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, 16));

        NDArray stacked = cnn.forward(features, x);
        NDArray flat = cnn.forward(features.reshape(6, -1), x.reshape(6, 16));

        assertThat(stacked.getShape()).isEqualTo(new Shape(2, 3, 48));
        assertThat(stacked.reshape(6, 48).toFloatArray()).containsExactly(flat.toFloatArray());
    }

    @Test
    void colourImagesNeedAFeatureChannelPerColour() {
        assertThatThrownBy(() -> new PixelCnn(new Parameters(manager), "pixel", List.of(3, 8, 8), 2, 2, 4, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("model.pixelChannels")
                .hasMessageContaining("3 channels")
                .hasMessageContaining("got 2");
    }
}
