package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Reverses the order of the features of a vector, so that stacked autoregressive or coupling layers condition each
 * feature on different others. A permutation: log |det| = 0, and it is its own inverse.
 */
public final class Reverse implements FlowLayer {
    @Override
    public Result forward(NDArray x, NDArray context) {
        return new Result(x.flip(1), x.getManager().zeros(new Shape(x.getShape().get(0))));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return y.flip(1);
    }
}
