package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The squeeze of RealNVP (Dinh et al. 2017, §3.6): each 2 × 2 block of pixels becomes four channels, (C, H, W) →
 * (4C, H/2, W/2). A permutation of the features, so log |det| = 0. H and W must be even.
 */
public final class Squeeze implements FlowLayer {
    @Override
    public Result forward(NDArray x, NDArray context) {
        long[] s = x.getShape().getShape();
        if (s[2] % 2 != 0 || s[3] % 2 != 0) {
            throw new IllegalArgumentException("squeeze needs an even height and width, got " + x.getShape());
        }
        NDArray y = x.reshape(s[0], s[1], s[2] / 2, 2, s[3] / 2, 2)
                .transpose(0, 1, 3, 5, 2, 4)
                .reshape(s[0], 4 * s[1], s[2] / 2, s[3] / 2);
        return new Result(y, x.getManager().zeros(new Shape(s[0])));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        long[] s = y.getShape().getShape();
        return y.reshape(s[0], s[1] / 4, 2, 2, s[2], s[3])
                .transpose(0, 1, 4, 2, 5, 3)
                .reshape(s[0], s[1] / 4, 2 * s[2], 2 * s[3]);
    }
}
