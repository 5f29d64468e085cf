package dev.vaekit.nn;

import dev.vaekit.util.Choices;

/** The network family of a model's encoder and decoder: the first word of {@code model.type}. */
public enum NetworkKind {
    /** Multi-layer perceptrons ({@link Mlp}); {@code model.hidden} lists layer widths. */
    DENSE,
    /** Strided convolutions and transposed convolutions; {@code model.hidden} lists stage channels. */
    CONV,
    /** {@link #CONV} with pre-activation residual blocks in every stage ({@code model.residualBlocks}). */
    RESNET,
    /**
     * A convolutional encoder and a PixelCNN decoder: the transposed-convolution decoder's feature maps condition a
     * stack of masked convolutions over the image (PixelVAE, Gulrajani et al. 2017).
     */
    PIXEL;

    /** @return the lower-case name used in {@code model.type} */
    public String id() {
        return Choices.id(this);
    }
}
