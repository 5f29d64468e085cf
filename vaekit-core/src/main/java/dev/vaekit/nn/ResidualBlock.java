package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;

/**
 * A pre-activation residual block (He et al. 2016, "Identity Mappings in Deep Residual Networks", fig. 4(e)), with
 * weight-normalised 3 × 3 convolutions in place of batch normalisation:
 *
 * <pre>
 *   y = x + conv₂(act(conv₁(act(x))))
 * </pre>
 *
 * The shortcut is the identity, so channels and size are kept; with conv₂'s scale and bias at zero the whole block is
 * the identity, so a trained model can be made deeper by such blocks without changing what it computes ({@link
 * Parameters#markAddable}).
 */
public final class ResidualBlock {
    private final Conv2d first;
    private final Conv2d second;
    private final ActivationKind activation;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code encoder.stage.0.block.1}
     * @param channels channels in and out
     * @param activation the nonlinearity before each convolution
     */
    public ResidualBlock(Parameters params, String prefix, int channels, ActivationKind activation) {
        this.first = new Conv2d(params, prefix + ".conv1", channels, channels, 3, 1, 1, true);
        this.second = new Conv2d(params, prefix + ".conv2", channels, channels, 3, 1, 1, true);
        this.activation = activation;
        params.markAddable(prefix, second.scaleAndBias()); // conv₂ = 0 makes the block the identity
    }

    /** @return x + F(x), same shape as x */
    public NDArray forward(NDArray x) {
        return x.add(second.forward(activation.apply(first.forward(activation.apply(x)))));
    }
}
