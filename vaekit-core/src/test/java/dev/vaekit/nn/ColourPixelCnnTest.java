package dev.vaekit.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.vaekit.TensorTest;
import dev.vaekit.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PixelCNN on colour images (van den Oord et al. 2016, "Pixel Recurrent Neural Networks", §3.4): the output for
 * colour c of pixel i depends on the image only through the pixels before i and the colours before c of pixel i.
 * Checked with autograd: the gradient of each output with respect to every input value of the image.
 */
class ColourPixelCnnTest extends TensorTest {
    private static final int COLOURS = 3;
    private static final int SIDE = 4;
    private static final int PIXELS = SIDE * SIDE;
    private static final int INPUTS = COLOURS * PIXELS;
    private static final int FEATURES = 5;
    private static final int PER_FEATURE = 2;

    @BeforeEach
    void open() {
        Engines.seed(31);
    }

    /**
     * Three layers of 12 channels, 4 per colour (with fewer, all of a colour's ReLUs in the output layers may be off
     * for every input, which hides a connection the masks allow): they reach 5 pixels, more than the image's side.
     */
    private PixelCnn pixelCnn(int[] outputColours) {
        return new PixelCnn(
                new Parameters(manager),
                "pixel",
                List.of(COLOURS, SIDE, SIDE),
                3,
                12,
                FEATURES,
                PER_FEATURE,
                outputColours);
    }

    /**
     * @return [k][j]: ∂ output k / ∂ x_j for one image, k over the P·C·h·w outputs (P blocks of C·h·w, channel-major)
     *     and j over the C·h·w inputs (channel-major)
     */
    private float[][] jacobian(PixelCnn cnn) {
        NDArray features = manager.randomNormal(new Shape(1, FEATURES * PIXELS));
        float[] image = manager.randomUniform(0f, 1f, new Shape(INPUTS)).toFloatArray();
        int outputs = PER_FEATURE * INPUTS;
        float[][] jacobian = new float[outputs][];
        JniUtils.setGradMode(true);
        try {
            for (int k = 0; k < outputs; k++) {
                try (NDScope scope = new NDScope();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    scope.suppressNotUsedWarning();
                    NDArray x = manager.create(image, new Shape(1, INPUTS));
                    x.setRequiresGradient(true);
                    collector.backward(cnn.forward(features, x).reshape(-1).get(k));
                    jacobian[k] = x.getGradient().toFloatArray();
                }
            }
        } finally {
            JniUtils.setGradMode(false);
        }
        return jacobian;
    }

    /** |∂ output k / ∂ x_j| summed over a few random images and feature maps, so that no ReLU hides a connection. */
    private float[][] sensitivity(PixelCnn cnn, int draws) {
        float[][] total = null;
        for (int d = 0; d < draws; d++) {
            float[][] jacobian = jacobian(cnn);
            if (total == null) {
                total = new float[jacobian.length][INPUTS];
            }
            for (int k = 0; k < jacobian.length; k++) {
                for (int j = 0; j < INPUTS; j++) {
                    total[k][j] += Math.abs(jacobian[k][j]);
                }
            }
        }
        return total;
    }

    @Test
    void eachColourReadsTheEarlierPixelsAndTheEarlierColoursOfItsPixelOnly() {
        float[][] jacobian = sensitivity(pixelCnn(null), 2);

        for (int k = 0; k < jacobian.length; k++) {
            int colour = k / PIXELS % COLOURS; // output o = p·C + c by default predicts colour c
            int pixel = k % PIXELS;
            for (int j = 0; j < INPUTS; j++) {
                int inputColour = j / PIXELS;
                int inputPixel = j % PIXELS;
                boolean later = inputPixel > pixel || (inputPixel == pixel && inputColour >= colour);
                if (later) {
                    assertThat(jacobian[k][j])
                            .as(
                                    "output %d (colour %d, pixel %d) on input colour %d, pixel %d",
                                    k, colour, pixel, inputColour, inputPixel)
                            .isZero();
                }
            }
        }
        // no blind spot within a pixel: green reads red, blue reads red and green. A ReLU of the output layers may be
        // off at a pixel for every input drawn, so this is asked of most pixels, the P outputs of a colour together.
        for (int colour = 1; colour < COLOURS; colour++) {
            for (int earlier = 0; earlier < colour; earlier++) {
                int reading = 0;
                for (int pixel = 0; pixel < PIXELS; pixel++) {
                    float total = 0;
                    for (int block = 0; block < PER_FEATURE; block++) {
                        total += jacobian[(block * COLOURS + colour) * PIXELS + pixel][earlier * PIXELS + pixel];
                    }
                    reading += total > 0 ? 1 : 0;
                }
                assertThat(reading)
                        .as("pixels whose colour %d reads their colour %d", colour, earlier)
                        .isGreaterThanOrEqualTo(PIXELS / 2);
            }
        }
        // nor across pixels: the last pixel's outputs read every colour of every earlier pixel
        for (int j = 0; j < INPUTS; j++) {
            if (j % PIXELS < PIXELS - 1) {
                float total = 0;
                for (int o = 0; o < PER_FEATURE * COLOURS; o++) {
                    total += jacobian[o * PIXELS + PIXELS - 1][j];
                }
                assertThat(total).as("the last pixel's outputs on input %d", j).isPositive();
            }
        }
    }

    @Test
    void outputsOfTheFirstColourReadNothingOfTheirOwnPixel() {
        // as the weight logits of the colour logistic mixture, which choose a component before red is drawn
        float[][] jacobian = sensitivity(pixelCnn(new int[PER_FEATURE * COLOURS]), 2);

        for (int k = 0; k < jacobian.length; k++) {
            int pixel = k % PIXELS;
            for (int c = 0; c < COLOURS; c++) {
                assertThat(jacobian[k][c * PIXELS + pixel])
                        .as("output %d on colour %d of its pixel", k, c)
                        .isZero();
            }
        }
    }

    @Test
    void eachColourIsDrawnFromTheParametersTheTeacherForcedPassGivesForTheImageDrawn() {
        int n = 2;
        PixelCnn cnn = pixelCnn(null);
        NDArray features = manager.randomNormal(new Shape(n, FEATURES * PIXELS));
        List<int[]> order = new ArrayList<>();
        List<float[]> seen = new ArrayList<>();
        List<float[]> before = new ArrayList<>();

        NDArray images = cnn.sample(features, (parameters, pixel, colour, drawn) -> {
            order.add(new int[] {pixel, colour});
            assertThat(parameters.getShape()).isEqualTo(new Shape(n, PER_FEATURE * COLOURS));
            assertThat(drawn.getShape()).isEqualTo(new Shape(n, COLOURS));
            seen.add(parameters.toFloatArray());
            before.add(drawn.toFloatArray());
            NDArray logits = parameters.get(":, " + colour); // block 0 of this colour
            NDArray u = parameters.getManager().randomUniform(0f, 1f, new Shape(n));
            return u.lt(Activation.sigmoid(logits)).toType(DataType.FLOAT32, false);
        });

        assertThat(images.getShape()).isEqualTo(new Shape(n, INPUTS));
        assertThat(order).hasSize(PIXELS * COLOURS);
        float[] sample = images.toFloatArray();
        float[] teacherForced = cnn.forward(features, images).toFloatArray(); // (n, P·C·h·w)
        for (int call = 0; call < order.size(); call++) {
            int pixel = order.get(call)[0];
            int colour = order.get(call)[1];
            assertThat(order.get(call)).containsExactly(call / COLOURS, call % COLOURS);
            for (int b = 0; b < n; b++) {
                for (int c = 0; c < COLOURS; c++) {
                    float expected = c < colour ? sample[b * INPUTS + c * PIXELS + pixel] : 0f;
                    assertThat(before.get(call)[b * COLOURS + c]).isEqualTo(expected);
                }
                // the outputs of this colour and the earlier ones read only what had been drawn
                for (int o = 0; o < PER_FEATURE * COLOURS; o++) {
                    if (o % COLOURS <= colour) {
                        assertThat(seen.get(call)[b * PER_FEATURE * COLOURS + o])
                                .as("pixel %d colour %d, image %d, output %d", pixel, colour, b, o)
                                .isCloseTo(teacherForced[b * PER_FEATURE * INPUTS + o * PIXELS + pixel], within(1e-5f));
                    }
                }
            }
        }
        assertThat(sample).contains(0f, 1f);
    }
}
