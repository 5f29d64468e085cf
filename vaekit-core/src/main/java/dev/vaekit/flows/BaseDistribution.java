package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fixed density p_Z of a flow's output z = f(x): a standard normal (RealNVP, Glow) or a standard logistic (NICE,
 * Dinh et al. 2015, §3.4), independent across every coordinate. Learned priors (Glow's top prior, the split priors of
 * a multi-scale flow) are flow layers in front of it, so the base itself has no parameters.
 */
public interface BaseDistribution {

    /**
     * @param z points, (batch, ...)
     * @return log p_Z(z) per example, summed over every non-batch axis: shape (batch)
     */
    NDArray logProb(NDArray z);

    /**
     * Draws z ~ p_Z, scaled by a temperature (Kingma &amp; Dhariwal 2018, §5: T &lt; 1 trades diversity for quality;
     * for the normal it samples N(0, T² I)).
     *
     * @param manager where the samples live
     * @param shape (n, ...)
     * @param temperature T &gt; 0; 1 is the model itself
     * @return samples of that shape
     */
    NDArray sample(NDManager manager, Shape shape, float temperature);
}
