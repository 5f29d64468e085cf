package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;

/**
 * One invertible map y = f(x) of a normalizing flow, with the log-determinant of its Jacobian. The change of
 * variables (Rezende &amp; Mohamed 2015, eq. 5; Dinh et al. 2017, eq. 3) gives
 *
 * <pre>
 *   log p_X(x) = log p_Y(f(x)) + log |det ∂f(x)/∂x|,
 * </pre>
 *
 * so a stack of layers sums their log-determinants. Every layer works on a batch: the first axis indexes examples and
 * {@link Result#logDet()} has one entry per example. Vector layers take (batch, d); image layers take
 * (batch, channels, height, width) and may change the shape (a squeeze does), keeping the number of features.
 *
 * <p>A context (shape (batch, c)) conditions a layer on something outside the flow: the encoder's features h(x) in an
 * inverse autoregressive flow posterior (Kingma et al. 2016, eq. 10). Layers that take none ignore it; null means
 * none.
 */
public interface FlowLayer {

    /**
     * The output of a layer and the log-determinant of its Jacobian.
     *
     * @param output y = f(x)
     * @param logDet log |det ∂y/∂x| per example, shape (batch)
     */
    record Result(NDArray output, NDArray logDet) {}

    /**
     * Computes y = f(x) and log |det ∂y/∂x|, differentiably.
     *
     * @param x inputs, (batch, ...)
     * @param context conditioning features (batch, c), or null
     * @return y and the log-determinant per example
     */
    Result forward(NDArray x, NDArray context);

    /**
     * Computes x = f⁻¹(y). Layers without a closed-form inverse (planar, radial) throw
     * {@link UnsupportedOperationException}; autoregressive layers run their sequential direction here.
     *
     * @param y outputs, (batch, ...)
     * @param context the same conditioning features as in {@link #forward}, or null
     * @return x
     */
    NDArray inverse(NDArray y, NDArray context);

    /** @return whether {@link #inverse} is available */
    default boolean invertible() {
        return true;
    }

    /**
     * Data-dependent initialisation (actnorm, Kingma &amp; Dhariwal 2018, §3.1): called once, before the first
     * training step, with a batch of this layer's inputs. The default does nothing.
     *
     * @param x a batch of inputs to this layer
     * @param context its context, or null
     */
    default void initialize(NDArray x, NDArray context) {}

    /**
     * Switches between training and evaluation behaviour: {@link BatchNormFlow} normalises with the batch's
     * statistics while training and with its running averages otherwise. Layers start in training mode; the default
     * does nothing.
     *
     * @param training true while training
     */
    default void setTraining(boolean training) {}
}
