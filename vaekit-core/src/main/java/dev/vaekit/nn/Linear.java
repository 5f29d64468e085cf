package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A dense layer y = x Wᵀ + b with W of shape (out, in), as torch.nn.Linear. One fused native call (addmm) per
 * forward. Initialised like PyTorch: W and b ~ U(−1/√in, 1/√in).
 */
public final class Linear {
    private final NDArray weight;
    private final NDArray bias;
    private final int in;
    private final int out;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code encoder.layers.0}
     * @param in input features
     * @param out output features
     */
    public Linear(Parameters params, String prefix, int in, int out) {
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = params.uniform(prefix + ".weight", new Shape(out, in), bound);
        this.bias = params.uniform(prefix + ".bias", new Shape(out), bound);
        this.in = in;
        this.out = out;
    }

    /** @return input features */
    public int in() {
        return in;
    }

    /** @return output features */
    public int out() {
        return out;
    }

    /** Applies the layer to the last axis of x. */
    public NDArray forward(NDArray x) {
        return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }
}
