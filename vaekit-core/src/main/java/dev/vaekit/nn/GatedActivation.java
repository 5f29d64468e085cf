package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * The gated activation unit of van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders", eq. 2:
 * y = tanh(W_f ∗ x) ⊙ σ(W_g ∗ x), where the two pre-activations are the two halves of one convolution's output
 * channels (eq. 4 adds the conditioning V_f s and V_g s to them before the gate).
 */
public final class GatedActivation {
    private GatedActivation() {}

    /**
     * @param preActivation shape (n, 2c, h, w): channels [0, c) are the tanh's input, [c, 2c) the gate's
     * @return tanh(first half) ⊙ σ(second half), shape (n, c, h, w)
     */
    public static NDArray apply(NDArray preActivation) {
        NDList halves = preActivation.split(2, 1);
        return Activation.tanh(halves.get(0)).mul(Activation.sigmoid(halves.get(1)));
    }
}
