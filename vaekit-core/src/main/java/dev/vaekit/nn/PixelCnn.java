package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Tensors;
import dev.vaekit.engine.Threads;
import java.util.ArrayList;
import java.util.List;

/**
 * A conditional PixelCNN over grey images: p(x | s) = Π_i p(x_i | x_&lt;i, s), pixels in raster order, each factor's
 * parameters computed by a stack of {@link GatedPixelLayer}s (van den Oord et al. 2016, "Conditional Image Generation
 * with PixelCNN Decoders", §2.2–2.3) from the pixels before it and a feature map s of the image's size. In a PixelVAE
 * (Gulrajani et al. 2017, §3) s is the transposed-convolution decoder's output for a code z, so p(x|z) is autoregressive
 * and the latent code only has to carry what a few masked layers cannot model locally.
 *
 * <p>The first layer's masked convolutions are 7 × 7 of type A, the others 3 × 3 of type B. The vertical and horizontal
 * stacks leave no blind spot: the output at pixel (i, j) reads every pixel of the rows i − r … i − 1 within r columns
 * of j, and the r pixels left of it in row i, where r = {@link #reach} = 3 + (layers − 1). After the last layer the
 * horizontal stack passes through ReLU, a 1 × 1 convolution of c channels, ReLU and a 1 × 1 convolution to the P
 * parameters per pixel of the observation model (as in van den Oord et al. 2016, "Pixel Recurrent Neural Networks",
 * §5.1). Flattened, the (n, P, h, w) output holds P consecutive blocks of h·w values, the layout the observation models
 * read. The image enters as 2x − 1, so that the zero padding reads as mid-grey rather than as black pixels.
 *
 * <p>Images of C &gt; 1 channels (colour) are modelled channel by channel as well, p(x_i | x_&lt;i, s) =
 * Π_c p(x_{i,c} | x_{i,&lt;c}, x_&lt;i, s), as in "Pixel Recurrent Neural Networks" §3.4: the c channels of the
 * horizontal stack split into C colour groups ({@link ChannelGroups#contiguous}) whose masks let group g read only the
 * colours before g of the pixel itself (see {@link GatedPixelLayer}); the output 1 × 1 convolutions are masked the
 * same way (type B), and each of the P·C outputs per pixel belongs to the colour whose value it predicts (by default
 * output o to colour o mod C; an observation model whose parameters couple the colours of a pixel may say otherwise),
 * so it reads the pixel's earlier colours only. The output's P·C channels o = p·C + c flatten to P blocks of C·h·w
 * values, channel-major, the layout the observation models read. Then c must be at least C.
 *
 * <p>Parameter names: {@code <prefix>.layers.<i>.*} ({@link GatedPixelLayer}), {@code <prefix>.hidden.*} and
 * {@code <prefix>.out.*} (the two 1 × 1 convolutions).
 */
public final class PixelCnn {
    /** Window of the first layer's masked convolutions (type A). */
    public static final int FIRST_KERNEL = 7;

    /** Window of the later layers' masked convolutions (type B). */
    public static final int KERNEL = 3;

    private final List<GatedPixelLayer> layers = new ArrayList<>();
    private final Conv1x1 hidden;
    private final Conv1x1 out;
    private final int height;
    private final int width;
    private final int channels;
    private final int featureChannels;
    private final int colours;
    private final int outputs;
    private final int reach;

    /**
     * Draws the pixels of a sample one at a time, and the channels of each one after another, from the parameters the
     * PixelCNN gives each.
     */
    @FunctionalInterface
    public interface PixelDraw {
        /**
         * @param parameters the output at one pixel of every image being drawn, shape (n, P·C), in output channel order
         *     (o = p·C + c): the parameters of p(x_i | x_&lt;i, s); those of colour {@code channel} and before are
         *     computed from the values in {@code drawn}
         * @param pixel the pixel's index in the flat image, row · width + column
         * @param channel the colour to draw, in [0, C) (always 0 for grey images)
         * @param drawn the values of this pixel so far, shape (n, C): the colours before {@code channel} as drawn, the
         *     others 0
         * @return the values drawn for colour {@code channel} of the pixel, shape (n)
         */
        NDArray draw(NDArray parameters, int pixel, int channel, NDArray drawn);
    }

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code decoder.pixel})
     * @param imageShape (C, height, width) of one example
     * @param layers number of gated layers, ≥ 1
     * @param channels c, channels of each stack, ≥ C
     * @param featureChannels channels of the conditioning feature map s
     * @param parametersPerPixel P, outputs per pixel and colour (the observation model's parameters per feature); the
     *     output o = p·C + c predicts colour c
     * @throws InvalidInputException if c &lt; C
     */
    public PixelCnn(
            Parameters params,
            String prefix,
            List<Integer> imageShape,
            int layers,
            int channels,
            int featureChannels,
            int parametersPerPixel) {
        this(params, prefix, imageShape, layers, channels, featureChannels, parametersPerPixel, null);
    }

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code decoder.pixel})
     * @param imageShape (C, height, width) of one example
     * @param layers number of gated layers, ≥ 1
     * @param channels c, channels of each stack, ≥ C
     * @param featureChannels channels of the conditioning feature map s
     * @param parametersPerPixel P, outputs per pixel and colour (the observation model's parameters per feature)
     * @param outputColours for C &gt; 1, the colour each of the P·C outputs per pixel predicts (it reads that pixel's
     *     earlier colours only); null for o mod C
     * @throws InvalidInputException if c &lt; C
     */
    public PixelCnn(
            Parameters params,
            String prefix,
            List<Integer> imageShape,
            int layers,
            int channels,
            int featureChannels,
            int parametersPerPixel,
            int[] outputColours) {
        int colours = imageShape.get(0);
        if (colours < 1) {
            throw new InvalidInputException("model.inputShape: images need at least one channel, got " + colours);
        }
        if (channels < colours) {
            throw new InvalidInputException("model.pixelChannels must be at least the images' " + colours
                    + " channels, so that each colour has feature channels of its own, got " + channels);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("a PixelCNN needs at least one layer, got " + layers);
        }
        this.colours = colours;
        this.outputs = parametersPerPixel * colours;
        ChannelGroups groups = colours == 1 ? null : ChannelGroups.contiguous(channels, colours);
        ChannelGroups outGroups = colours == 1 ? null : outputGroups(outputColours, colours);
        for (int i = 0; i < layers; i++) {
            this.layers.add(new GatedPixelLayer(
                    params,
                    prefix + ".layers." + i,
                    i == 0 ? colours : channels,
                    channels,
                    i == 0 ? FIRST_KERNEL : KERNEL,
                    i == 0,
                    i == layers - 1,
                    featureChannels,
                    colours == 1 ? null : i == 0 ? ChannelGroups.image(colours) : groups,
                    groups));
        }
        this.hidden = new Conv1x1(params, prefix + ".hidden", channels, channels, true, groups, groups);
        this.out = new Conv1x1(params, prefix + ".out", channels, outputs, true, groups, outGroups);
        this.height = imageShape.get(1);
        this.width = imageShape.get(2);
        this.channels = channels;
        this.featureChannels = featureChannels;
        this.reach = FIRST_KERNEL / 2 + (layers - 1) * (KERNEL / 2);
    }

    /** The colours of the P·C outputs: as given, or o mod C. */
    private ChannelGroups outputGroups(int[] outputColours, int colours) {
        if (outputColours == null) {
            int[] byIndex = new int[outputs];
            for (int o = 0; o < outputs; o++) {
                byIndex[o] = o % colours;
            }
            return ChannelGroups.of(byIndex, colours);
        }
        if (outputColours.length != outputs) {
            throw new IllegalArgumentException(
                    "one colour per output is needed, " + outputs + ", got " + outputColours.length);
        }
        return ChannelGroups.of(outputColours, colours);
    }

    /**
     * @return r: the output at (i, j) reads pixels at most r rows above and r columns either side of it (and, in row
     *     i, the r pixels left of it)
     */
    public int reach() {
        return reach;
    }

    /**
     * @return an upper estimate of the floats that {@link #forward} holds per pixel of an image until its scope closes
     *     (the conditioning, both stacks' convolutions, sums and gates of every layer, and the output layers)
     */
    public long floatsPerPixel() {
        return 24L * channels * layers.size() + featureChannels + 2L * channels + outputs;
    }

    /**
     * The parameters of every factor p(x_i | x_&lt;i, s), all pixels at once (teacher forcing: x_&lt;i are the data's).
     *
     * @param features s, shape (..., featureChannels·h·w), channel-major
     * @param x images, shape (..., C·h·w), channel-major, the same leading axes
     * @return shape (..., P·C·h·w): P blocks of C·h·w values; the values of colour c at pixel i depend on x only
     *     through x_&lt;i and the colours before c of pixel i (for an output of colour c: see the constructor)
     */
    public NDArray forward(NDArray features, NDArray x) {
        long[] shape = x.getShape().getShape();
        NDArray s = features.reshape(-1, featureChannels, height, width);
        NDArray image = input(x.reshape(-1, colours, height, width));
        NDArray v = image;
        NDArray h = image;
        for (GatedPixelLayer layer : layers) {
            NDArray condition = layer.condition(s);
            NDArray verticalPre = layer.verticalPreActivation(v);
            h = layer.horizontalOutput(h, verticalPre, condition);
            if (layer.feedsVertical()) {
                v = layer.verticalOutput(verticalPre, condition);
            }
        }
        long[] outShape = shape.clone();
        outShape[outShape.length - 1] = (long) outputs * height * width;
        return head(h).reshape(outShape);
    }

    /**
     * Draws images pixel by pixel in raster order, each from p(x_i | x_&lt;i, s) given the pixels drawn before it; the
     * colours of a pixel one after another, each given the pixel's colours drawn before it (its output is computed
     * once per colour, with the colours drawn so far in place).
     *
     * <p>The conditioning V s of every layer is computed once. Then, for each row i, the vertical stack runs once over
     * rows i − r … i (it reads only rows above i, all drawn already), and for each pixel (i, j) the horizontal stack and
     * the output layers run over row i's columns j − r … j alone: the output at (i, j) reads nothing outside those
     * windows, so it equals what {@link #forward} gives for the finished image.
     *
     * <p>Runs with autograd recording off and one intra-op thread on the calling thread, both restored after: the
     * per-pixel tensors hold a few thousand values, too few to share between threads, and on a busy 2-core machine
     * two threads made drawing 16 MNIST-size images (6 layers of 32 channels) take 147–176 s against 2.3–2.9 s with
     * one, each tiny parallel region waiting for a thread the other work had taken.
     *
     * @param features s, shape (n, featureChannels·h·w)
     * @param draw draws one colour of one pixel of every image from its parameters
     * @return the images, shape (n, C·h·w)
     */
    public NDArray sample(NDArray features, PixelDraw draw) {
        NDManager manager = features.getManager();
        int n = (int) (features.getShape().get(0));
        int pixels = height * width;
        int perImage = colours * pixels;
        float[] images = new float[n * perImage];
        boolean recording = JniUtils.isGradMode();
        Threads.Setting threads = Threads.currentSetting();
        JniUtils.setGradMode(false);
        Threads.set(1);
        try (NDScope all = new NDScope()) {
            all.suppressNotUsedWarning();
            NDArray s = features.reshape(n, featureChannels, height, width);
            List<NDArray> conditions = new ArrayList<>();
            for (GatedPixelLayer layer : layers) {
                conditions.add(layer.condition(s));
            }
            for (int i = 0; i < height; i++) {
                try (NDScope row = new NDScope()) {
                    row.suppressNotUsedWarning();
                    List<NDArray> verticalRow = new ArrayList<>();
                    List<NDArray> conditionRow = new ArrayList<>();
                    int top = Math.max(0, i - reach);
                    NDArray v = input(window(manager, images, n, top, i + 1, 0, width));
                    for (int l = 0; l < layers.size(); l++) {
                        GatedPixelLayer layer = layers.get(l);
                        NDArray verticalPre = layer.verticalPreActivation(v);
                        verticalRow.add(verticalPre.get(":, :, -1:, :"));
                        conditionRow.add(conditions.get(l).get(":, :, " + i + ":" + (i + 1) + ", :"));
                        if (layer.feedsVertical()) {
                            v = layer.verticalOutput(
                                    verticalPre, conditions.get(l).get(":, :, " + top + ":" + (i + 1) + ", :"));
                        }
                    }
                    for (int j = 0; j < width; j++) {
                        int left = Math.max(0, j - reach);
                        String columns = ":, :, :, " + left + ":" + (j + 1);
                        float[] sofar = new float[n * colours];
                        for (int c = 0; c < colours; c++) {
                            try (NDScope pixel = new NDScope()) {
                                pixel.suppressNotUsedWarning();
                                NDArray h = input(window(manager, images, n, i, i + 1, left, j + 1));
                                for (int l = 0; l < layers.size(); l++) {
                                    h = layers.get(l)
                                            .horizontalOutput(
                                                    h,
                                                    verticalRow.get(l).get(columns),
                                                    conditionRow.get(l).get(columns));
                                }
                                NDArray parameters = head(h).get(":, :, 0, -1"); // (n, P·C)
                                NDArray drawnSoFar = Tensors.create(manager, sofar, new Shape(n, colours));
                                float[] drawn = draw.draw(parameters, i * width + j, c, drawnSoFar)
                                        .toFloatArray();
                                if (drawn.length != n) {
                                    throw new IllegalStateException("a pixel draw must give one value per image, got "
                                            + drawn.length + " for " + n);
                                }
                                for (int b = 0; b < n; b++) {
                                    images[b * perImage + c * pixels + i * width + j] = drawn[b];
                                    sofar[b * colours + c] = drawn[b];
                                }
                            }
                        }
                    }
                }
            }
        } finally {
            Threads.set(threads);
            JniUtils.setGradMode(recording);
        }
        return Tensors.create(manager, images, new Shape(n, perImage));
    }

    /** Rows [top, bottom) and columns [left, right) of every image, shape (n, C, rows, columns). */
    private NDArray window(NDManager manager, float[] images, int n, int top, int bottom, int left, int right) {
        int rows = bottom - top;
        int columns = right - left;
        int pixels = height * width;
        float[] values = new float[n * colours * rows * columns];
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < colours; c++) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(
                            images,
                            (b * colours + c) * pixels + (top + r) * width + left,
                            values,
                            ((b * colours + c) * rows + r) * columns,
                            columns);
                }
            }
        }
        return Tensors.create(manager, values, new Shape(n, colours, rows, columns));
    }

    /** ReLU, 1 × 1 convolution, ReLU, 1 × 1 convolution to the P·C parameters: (n, c, h, w) → (n, P·C, h, w). */
    private NDArray head(NDArray h) {
        return out.forward(Activation.relu(hidden.forward(Activation.relu(h))));
    }

    /** x ∈ [0, 1] → 2x − 1 ∈ [−1, 1]. */
    private static NDArray input(NDArray x) {
        return Tensors.scale(x, 2).sub(1f);
    }
}
