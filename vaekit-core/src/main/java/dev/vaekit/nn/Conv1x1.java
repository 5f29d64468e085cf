package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Convolutions;

/**
 * A 1 × 1 convolution over (n, in, h, w) images: the same dense map applied to the channels of every pixel,
 * y = W x (+ b), one native call per forward. Unlike {@link Conv2d} it may go without a bias, for maps whose output is
 * summed with another that has one (the PixelCNN's conditioning V s, van den Oord et al. 2016, eq. 4). The weight has
 * torch.nn.Conv2d's layout (out, in, 1, 1); initialised like PyTorch, weight and bias ~ U(−1/√in, 1/√in).
 *
 * <p>Given the {@link ChannelGroups} of its input and output channels it is masked as a type-B layer of a colour
 * PixelCNN: output o reads input i only when colour(i) ≤ colour(o) (van den Oord et al. 2016, "Pixel Recurrent Neural
 * Networks", §3.4); the mask is a constant (out, in, 1, 1) tensor, neither a parameter nor saved.
 */
public final class Conv1x1 {
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray mask;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.out}
     * @param in input channels
     * @param out output channels
     * @param withBias whether to add a learned bias
     */
    public Conv1x1(Parameters params, String prefix, int in, int out, boolean withBias) {
        this(params, prefix, in, out, withBias, null, null);
    }

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.out}
     * @param in input channels
     * @param out output channels
     * @param withBias whether to add a learned bias
     * @param inGroups the colours of the input channels, or null for an unmasked map
     * @param outGroups the colours of the output channels, or null for an unmasked map
     */
    public Conv1x1(
            Parameters params,
            String prefix,
            int in,
            int out,
            boolean withBias,
            ChannelGroups inGroups,
            ChannelGroups outGroups) {
        if ((inGroups == null) != (outGroups == null)) {
            throw new IllegalArgumentException("give the colour groups of both the input and the output channels");
        }
        if (inGroups != null && (inGroups.size() != in || outGroups.size() != out)) {
            throw new IllegalArgumentException("colour groups of " + inGroups.size() + " → " + outGroups.size()
                    + " channels given to a map of " + in + " → " + out);
        }
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = params.uniform(prefix + ".weight", new Shape(out, in, 1, 1), bound);
        this.bias = withBias ? params.uniform(prefix + ".bias", new Shape(out), bound) : null;
        if (inGroups == null) {
            this.mask = null;
        } else {
            boolean[][] allowed = ChannelGroups.centre(inGroups, outGroups, MaskedConv2d.MaskType.B);
            float[] values = new float[out * in];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    values[o * in + i] = allowed[o][i] ? 1f : 0f;
                }
            }
            this.mask = params.manager().create(values, new Shape(out, in, 1, 1));
        }
    }

    /**
     * @param x images, shape (n, in, h, w)
     * @return shape (n, out, h, w)
     */
    public NDArray forward(NDArray x) {
        return Convolutions.conv2d(x, mask == null ? weight : weight.mul(mask), bias, ONE, NONE);
    }
}
