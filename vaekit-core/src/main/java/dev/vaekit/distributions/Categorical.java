package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;

/** The categorical distribution over K classes, p(k) = softmax(l)_k, parameterised by logits l. */
public final class Categorical {
    private Categorical() {}

    /**
     * log p(x | logits) = Σ_k x_k (l_k − logsumexp(l)) for a one-hot x, over the last axis. torch's log-softmax
     * subtracts the maximum before exponentiating, so no logit overflows.
     *
     * @param oneHot observations, one-hot over the last axis (K wide)
     * @param logits l, broadcastable against x
     * @return log-probabilities, the last axis summed away
     */
    public static NDArray logProb(NDArray oneHot, NDArray logits) {
        return oneHot.mul(logits.logSoftmax(-1)).sum(new int[] {-1});
    }

    /** @return the class probabilities softmax(l) over the last axis */
    public static NDArray mean(NDArray logits) {
        return logits.softmax(-1);
    }
}
