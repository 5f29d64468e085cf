package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable map between flat feature vectors, usable as a model's encoder or decoder: it reads the last axis
 * of its input and writes the last axis of its output, whatever it reshapes to inside (a convolutional network views
 * the features as (channels, height, width) images). Leading axes are batch axes.
 */
public interface Network {

    /**
     * @param input shape (..., inputs)
     * @return shape (..., outputs)
     */
    NDArray forward(NDArray input);

    /**
     * Switches layers that behave differently while training (dropout, batch normalization) between training and
     * evaluation; the model calls it around its training steps. vaekit's own networks have none; the default does
     * nothing.
     *
     * @param training whether the next passes are training steps
     */
    default void setTraining(boolean training) {}
}
