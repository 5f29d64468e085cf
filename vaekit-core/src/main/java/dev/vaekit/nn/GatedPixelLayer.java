package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;

/**
 * One layer of the Gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders",
 * §2.2, fig. 2), conditioned on a feature map s of the image's size (eq. 4). Two stacks run side by side: the vertical
 * stack v reads the rows above each pixel, the horizontal stack h the pixels left of it in its row and, through a
 * 1 × 1 map of the vertical pre-activation, everything above; together they read every earlier pixel in raster order,
 * with no blind spot:
 *
 * <pre>
 *   a  = W_v ∗ v                                              (vertical masked convolution, 2c channels)
 *   v' = tanh(a_f + V_{v,f} s) ⊙ σ(a_g + V_{v,g} s)
 *   h' = h + U [tanh(W_{h,f} ∗ h + M_f a + V_{h,f} s) ⊙ σ(W_{h,g} ∗ h + M_g a + V_{h,g} s)]
 * </pre>
 *
 * W_v and W_h are {@link MaskedConv2d}s ({@link MaskedConv2d.Region#VERTICAL} and
 * {@link MaskedConv2d.Region#HORIZONTAL}), of type A in the first layer, which reads the image, and of type B after it;
 * M, U and the conditioning V are 1 × 1 convolutions ({@link Conv1x1}; V and M without bias, the masked convolutions
 * already adding one to the same sums). The first layer has no residual connection (its input is the image, not c
 * channels), and the last computes no v', which nothing reads. Parameter names: {@code <prefix>.vertical.*},
 * {@code <prefix>.horizontal.*}, {@code <prefix>.verticalToHorizontal.weight}, {@code <prefix>.horizontalOut.*},
 * {@code <prefix>.condition.weight} (rows: V_{v,f}, V_{v,g}, V_{h,f}, V_{h,g}, c each, the first two absent in the
 * last layer).
 *
 * <p>On colour images (van den Oord et al. 2016, "Pixel Recurrent Neural Networks", §3.4) the horizontal stack's
 * channels are split by colour ({@link ChannelGroups}): W_h reads the pixel itself as well, through a mask by colour
 * (type A: earlier colours; type B: the same colour too), and U is masked as type B, so the features of colour g carry
 * only the colours before g of the current pixel. The vertical stack, its map M into the horizontal stack and the
 * conditioning V are not masked by colour: none of them reads the current row.
 */
public final class GatedPixelLayer {
    private final MaskedConv2d vertical;
    private final MaskedConv2d horizontal;
    private final Conv1x1 verticalToHorizontal;
    private final Conv1x1 horizontalOut;
    private final Conv1x1 condition;
    private final boolean residual;
    private final boolean feedsVertical;

    /**
     * A layer; over colour images its horizontal stack is masked by colour.
     *
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.layers.0}
     * @param in input channels of both stacks (the image's channels for the first layer)
     * @param channels c, the channels of both stacks' outputs
     * @param kernel window size k of the masked convolutions, odd
     * @param first whether this is the first layer (type-A masks, no residual connection)
     * @param last whether this is the last layer (no vertical output)
     * @param featureChannels channels of the conditioning feature map s
     * @param inGroups the colours of the horizontal stack's input channels (the image's own for the first layer), or
     *     null for grey images
     * @param groups the colours of the c output channels, or null for grey images
     */
    public GatedPixelLayer(
            Parameters params,
            String prefix,
            int in,
            int channels,
            int kernel,
            boolean first,
            boolean last,
            int featureChannels,
            ChannelGroups inGroups,
            ChannelGroups groups) {
        MaskedConv2d.MaskType type = first ? MaskedConv2d.MaskType.A : MaskedConv2d.MaskType.B;
        this.vertical = new MaskedConv2d(
                params, prefix + ".vertical", in, 2 * channels, kernel, MaskedConv2d.Region.VERTICAL, type);
        this.horizontal = new MaskedConv2d(
                params,
                prefix + ".horizontal",
                in,
                2 * channels,
                kernel,
                MaskedConv2d.Region.HORIZONTAL,
                type,
                inGroups,
                groups == null ? null : groups.gated());
        this.verticalToHorizontal =
                new Conv1x1(params, prefix + ".verticalToHorizontal", 2 * channels, 2 * channels, false);
        this.horizontalOut = new Conv1x1(params, prefix + ".horizontalOut", channels, channels, true, groups, groups);
        this.feedsVertical = !last;
        this.condition =
                new Conv1x1(params, prefix + ".condition", featureChannels, (feedsVertical ? 4 : 2) * channels, false);
        this.residual = !first;
        if (residual && in != channels) {
            throw new IllegalArgumentException(
                    "a residual PixelCNN layer needs as many input as output channels, got " + in + " and " + channels);
        }
    }

    /**
     * @param features s, shape (n, featureChannels, h, w)
     * @return the conditioning V s of both stacks' gates, shape (n, 4c, h, w) (2c in the last layer); it depends on s
     *     alone, so sampling computes it once
     */
    public NDArray condition(NDArray features) {
        return condition.forward(features);
    }

    /**
     * @param v the vertical stack's input, shape (n, in, h, w)
     * @return a = W_v ∗ v, shape (n, 2c, h, w); row i reads the rows above i only
     */
    public NDArray verticalPreActivation(NDArray v) {
        return vertical.forward(v);
    }

    /**
     * @param verticalPre a, from {@link #verticalPreActivation}
     * @param condition V s, from {@link #condition}
     * @return v', shape (n, c, h, w)
     */
    public NDArray verticalOutput(NDArray verticalPre, NDArray condition) {
        if (!feedsVertical) {
            throw new IllegalStateException("the last PixelCNN layer has no vertical output");
        }
        return GatedActivation.apply(verticalPre.add(condition.split(2, 1).get(0)));
    }

    /**
     * @param h the horizontal stack's input, shape (n, in, h, w)
     * @param verticalPre a, from {@link #verticalPreActivation}, of the same size
     * @param condition V s, from {@link #condition}, of the same size
     * @return h', shape (n, c, h, w)
     */
    public NDArray horizontalOutput(NDArray h, NDArray verticalPre, NDArray condition) {
        NDArray conditioning = feedsVertical ? condition.split(2, 1).get(1) : condition;
        NDArray pre = horizontal
                .forward(h)
                .add(verticalToHorizontal.forward(verticalPre))
                .add(conditioning);
        NDArray out = horizontalOut.forward(GatedActivation.apply(pre));
        return residual ? h.add(out) : out;
    }

    /** @return whether the layer computes a vertical output (every layer but the last) */
    public boolean feedsVertical() {
        return feedsVertical;
    }
}
