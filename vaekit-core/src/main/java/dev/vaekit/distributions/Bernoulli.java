package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/** Factorised Bernoulli likelihood p(x|z) = Π_d σ(l_d)^{x_d} (1 − σ(l_d))^{1 − x_d}, parameterised by logits l. */
public final class Bernoulli {
    private Bernoulli() {}

    /**
     * log p(x | logits) = Σ_d [x_d l_d − softplus(l_d)], summed over the last axis. This is the negative binary
     * cross-entropy from logits: log σ(l) = l − softplus(l) and log(1 − σ(l)) = −softplus(l). torch's softplus is
     * stable for any l (it returns l itself above 20), so the result is exact even where σ(l) rounds to 0 or 1.
     *
     * @param x observations in [0, 1] (binary, or probabilities for a "continuous Bernoulli"-free cross-entropy)
     * @param logits l, broadcastable against x
     * @return log-probabilities, the last axis summed away
     */
    public static NDArray logProb(NDArray x, NDArray logits) {
        return x.mul(logits).sub(Activation.softPlus(logits)).sum(new int[] {-1});
    }

    /**
     * log p(x_j | l_i) for every pair of an observation and a parameter row, as one matrix product: the log-density is
     * linear in x, Σ_d [x_d l_d − softplus(l_d)] = x·l − Σ_d softplus(l_d).
     *
     * @param x observations, shape (n, d)
     * @param logits parameter rows, shape (k, d)
     * @return log-probabilities, shape (k, n): entry (i, j) is log p(x_j | l_i)
     */
    public static NDArray logProbAllPairs(NDArray x, NDArray logits) {
        NDArray normaliser = Activation.softPlus(logits).sum(new int[] {1}).reshape(-1, 1); // (k, 1)
        return logits.matMul(x.transpose()).sub(normaliser);
    }

    /**
     * Draws x ~ Bernoulli(σ(l)) coordinate-wise by inversion: x = 1 where u &lt; σ(l).
     *
     * @param logits l
     * @param uniform u ~ U(0, 1), the shape of l
     * @return 0/1 values as float32, the shape of l
     */
    public static NDArray sample(NDArray logits, NDArray uniform) {
        return uniform.lt(Activation.sigmoid(logits)).toType(DataType.FLOAT32, false);
    }

    /** @return the mean σ(l) of each coordinate */
    public static NDArray mean(NDArray logits) {
        return Activation.sigmoid(logits);
    }
}
