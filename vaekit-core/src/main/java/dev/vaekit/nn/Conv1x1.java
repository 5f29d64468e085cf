package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Convolutions;

/**
 * A 1 × 1 convolution over (n, in, h, w) images: the same dense map applied to the channels of every pixel,
 * y = W x (+ b), one native call per forward. Unlike {@link Conv2d} it may go without a bias, for maps whose output is
 * summed with another that has one (the PixelCNN's conditioning V s, van den Oord et al. 2016, eq. 4). The weight has
 * torch.nn.Conv2d's layout (out, in, 1, 1); initialised like PyTorch, weight and bias ~ U(−1/√in, 1/√in).
 */
public final class Conv1x1 {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private final NDArray weight;
    private final NDArray bias;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.out}
     * @param in input channels
     * @param out output channels
     * @param withBias whether to add a learned bias
     */
    public Conv1x1(Parameters params, String prefix, int in, int out, boolean withBias) {
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = params.uniform(prefix + ".weight", new Shape(out, in, 1, 1), bound);
        this.bias = withBias ? params.uniform(prefix + ".bias", new Shape(out), bound) : null;
    }

    /**
     * @param x images, shape (n, in, h, w)
     * @return shape (n, out, h, w)
     */
    public NDArray forward(NDArray x) {
        return Convolutions.conv2d(x, weight, bias, ONE, NONE);
    }
}
