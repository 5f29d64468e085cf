package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A transposed ("fractionally strided") 2-D convolution, as torch.nn.ConvTranspose2d with output padding 0: output
 * size (h − 1)·s − 2p + k. DJL's own transposed convolution throws "Not implemented" on the PyTorch engine, so this
 * one is built from what works, by the identity of Dumoulin &amp; Visin 2016 ("A guide to convolution arithmetic",
 * relationship 14): a transposed convolution is a stride-1 convolution of the input with s − 1 zeros inserted between
 * neighbours, padded by k − 1 − p on each side, with the kernel flipped in space and its in/out axes swapped.
 *
 * <p>The zeros are inserted without indexing: (n, c, h, w) is viewed as (n, c, h, 1, w, 1), padded with s − 1 zeros
 * after each 1 and viewed back as (n, c, h·s, w·s), which leaves s − 1 trailing zeros; the far side's padding is
 * reduced by as many. The kernel is stored as PyTorch stores it, (in, out, k, k), so weights carry over.
 */
public final class ConvTranspose2d {
    private final NDArray weight;
    private final NDArray bias;
    private final int stride;
    private final long[] zeroInsertion;
    private final long[] border;
    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.up.0}
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size k
     * @param stride stride s ≥ 1
     * @param padding p, with k − 1 − p ≥ s − 1
     */
    public ConvTranspose2d(Parameters params, String prefix, int in, int out, int kernel, int stride, int padding) {
        int near = kernel - 1 - padding;
        int far = near - (stride - 1);
        if (far < 0) {
            throw new IllegalArgumentException("transposed convolution needs k − 1 − p ≥ s − 1, got k=" + kernel + " p="
                    + padding + " s=" + stride);
        }
        // PyTorch's ConvTranspose2d default: fan_in is computed from weight.size(1) · k · k = out · k · k
        float bound = (float) (1.0 / Math.sqrt((double) out * kernel * kernel));
        this.weight = params.uniform(prefix + ".weight", new Shape(in, out, kernel, kernel), bound);
        this.bias = params.uniform(prefix + ".bias", new Shape(out), bound);
        this.stride = stride;
        // pad pairs start from the last axis: (after-1 on the last axis), (none on w), (after-1 on the h-side axis)
        this.zeroInsertion = new long[] {0, stride - 1, 0, 0, 0, stride - 1};
        this.border = new long[] {near, far, near, far};
    }

    /**
     * @param x images, shape (n, in, h, w)
     * @return shape (n, out, (h − 1)·s − 2p + k, (w − 1)·s − 2p + k)
     */
    public NDArray forward(NDArray x) {
        long[] s = x.getShape().getShape();
        NDArray spread = x;
        if (stride > 1) {
            spread = JniUtils.pad((PtNDArray) x.reshape(s[0], s[1], s[2], 1, s[3], 1), zeroInsertion, 0)
                    .reshape(s[0], s[1], s[2] * stride, s[3] * stride);
        }
        NDArray padded = JniUtils.pad((PtNDArray) spread, border, 0);
        NDArray kernel = weight.flip(2, 3).swapAxes(0, 1);
        return JniUtils.convolution((PtNDArray) padded, (PtNDArray) kernel, (PtNDArray) bias, ONE, NONE, ONE, 1);
    }
}
