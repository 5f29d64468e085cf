package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * A minibatch as a model sees it.
 *
 * @param x the examples, shape (batch, d), in the units the model was trained on (binarised if it was)
 * @param condition for a conditional model, the one-hot labels of x, shape (batch, C) ({@link Conditions}); else null
 */
public record Batch(NDArray x, NDArray condition) {

    /** Checks that x is there. */
    public Batch {
        Objects.requireNonNull(x, "x");
    }

    /** A batch of an unconditional model. */
    public Batch(NDArray x) {
        this(x, null);
    }

    /** @return the number of examples */
    public long size() {
        return x.getShape().get(0);
    }
}
