package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.InvalidInputException;
import dev.vaekit.engine.Tensors;
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
 * <p>Only one image channel is modelled: with C &gt; 1 the masks would also have to order the channels of a pixel
 * (R before G before B, "Pixel Recurrent Neural Networks" §3.4), which no dataset vaekit reads needs.
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
    private final int parametersPerPixel;
    private final int reach;

    /**
     * Draws the pixels of a sample one at a time, from the parameters the PixelCNN gives each.
     */
    @FunctionalInterface
    public interface PixelDraw {
        /**
         * @param parameters the output at one pixel of every image being drawn, shape (n, P): p(x_i | x_&lt;i, s)'s
         *     parameters in the order of the output's blocks
         * @param pixel the pixel's index in the flat image, row · width + column
         * @return the values drawn for it, shape (n)
         */
        NDArray draw(NDArray parameters, int pixel);
    }

    /**
     * @param params where to create the weights
     * @param prefix name prefix ({@code decoder.pixel})
     * @param imageShape (channels, height, width) of one example; channels must be 1
     * @param layers number of gated layers, ≥ 1
     * @param channels c, channels of each stack
     * @param featureChannels channels of the conditioning feature map s
     * @param parametersPerPixel P, outputs per pixel (the observation model's parameters per feature)
     * @throws InvalidInputException if the images have more than one channel
     */
    public PixelCnn(
            Parameters params,
            String prefix,
            List<Integer> imageShape,
            int layers,
            int channels,
            int featureChannels,
            int parametersPerPixel) {
        if (imageShape.get(0) != 1) {
            throw new InvalidInputException("model.inputShape: the PixelCNN decoder of a pixel-vae models grey images "
                    + "(1 channel), got " + imageShape.get(0) + " channels");
        }
        if (layers < 1) {
            throw new IllegalArgumentException("a PixelCNN needs at least one layer, got " + layers);
        }
        for (int i = 0; i < layers; i++) {
            this.layers.add(new GatedPixelLayer(
                    params,
                    prefix + ".layers." + i,
                    i == 0 ? 1 : channels,
                    channels,
                    i == 0 ? FIRST_KERNEL : KERNEL,
                    i == 0,
                    i == layers - 1,
                    featureChannels));
        }
        this.hidden = new Conv1x1(params, prefix + ".hidden", channels, channels, true);
        this.out = new Conv1x1(params, prefix + ".out", channels, parametersPerPixel, true);
        this.height = imageShape.get(1);
        this.width = imageShape.get(2);
        this.channels = channels;
        this.featureChannels = featureChannels;
        this.parametersPerPixel = parametersPerPixel;
        this.reach = FIRST_KERNEL / 2 + (layers - 1) * (KERNEL / 2);
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
        return 24L * channels * layers.size() + featureChannels + 2L * channels + parametersPerPixel;
    }

    /**
     * The parameters of every factor p(x_i | x_&lt;i, s), all pixels at once (teacher forcing: x_&lt;i are the data's).
     *
     * @param features s, shape (..., featureChannels·h·w), channel-major
     * @param x images, shape (..., h·w), the same leading axes
     * @return shape (..., P·h·w): P blocks of h·w values; the values at pixel i depend on x only through x_&lt;i
     */
    public NDArray forward(NDArray features, NDArray x) {
        long[] shape = x.getShape().getShape();
        NDArray s = features.reshape(-1, featureChannels, height, width);
        NDArray image = input(x.reshape(-1, 1, height, width));
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
        outShape[outShape.length - 1] = (long) parametersPerPixel * height * width;
        return head(h).reshape(outShape);
    }

    /**
     * Draws images pixel by pixel in raster order, each from p(x_i | x_&lt;i, s) given the pixels drawn before it.
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
     * @param draw draws one pixel of every image from its parameters
     * @return the images, shape (n, h·w)
     */
    public NDArray sample(NDArray features, PixelDraw draw) {
        NDManager manager = features.getManager();
        int n = (int) (features.getShape().get(0));
        int pixels = height * width;
        float[] images = new float[n * pixels];
        boolean recording = JniUtils.isGradMode();
        int threads = JniUtils.getNumThreads();
        JniUtils.setGradMode(false);
        JniUtils.setNumThreads(1);
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
                        try (NDScope pixel = new NDScope()) {
                            pixel.suppressNotUsedWarning();
                            int left = Math.max(0, j - reach);
                            String columns = ":, :, :, " + left + ":" + (j + 1);
                            NDArray h = input(window(manager, images, n, i, i + 1, left, j + 1));
                            for (int l = 0; l < layers.size(); l++) {
                                h = layers.get(l)
                                        .horizontalOutput(
                                                h,
                                                verticalRow.get(l).get(columns),
                                                conditionRow.get(l).get(columns));
                            }
                            NDArray parameters = head(h).get(":, :, 0, -1"); // (n, P)
                            float[] drawn = draw.draw(parameters, i * width + j).toFloatArray();
                            if (drawn.length != n) {
                                throw new IllegalStateException("a pixel draw must give one value per image, got "
                                        + drawn.length + " for " + n);
                            }
                            for (int b = 0; b < n; b++) {
                                images[b * pixels + i * width + j] = drawn[b];
                            }
                        }
                    }
                }
            }
        } finally {
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(recording);
        }
        return Tensors.create(manager, images, new Shape(n, pixels));
    }

    /** Rows [top, bottom) and columns [left, right) of every image, shape (n, 1, rows, columns). */
    private NDArray window(NDManager manager, float[] images, int n, int top, int bottom, int left, int right) {
        int rows = bottom - top;
        int columns = right - left;
        float[] values = new float[n * rows * columns];
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(
                        images,
                        b * height * width + (top + r) * width + left,
                        values,
                        (b * rows + r) * columns,
                        columns);
            }
        }
        return Tensors.create(manager, values, new Shape(n, 1, rows, columns));
    }

    /** ReLU, 1 × 1 convolution, ReLU, 1 × 1 convolution to the P parameters: (n, c, h, w) → (n, P, h, w). */
    private NDArray head(NDArray h) {
        return out.forward(Activation.relu(hidden.forward(Activation.relu(h))));
    }

    /** x ∈ [0, 1] → 2x − 1 ∈ [−1, 1]. */
    private static NDArray input(NDArray x) {
        return Tensors.scale(x, 2).sub(1f);
    }
}
