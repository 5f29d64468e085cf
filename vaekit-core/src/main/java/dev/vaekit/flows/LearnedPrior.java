package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.nn.Parameters;

/**
 * Glow's learned top prior (Kingma &amp; Dhariwal 2018, code): the output of the last level is N(μ, σ²) with μ and
 * log σ learned per feature (starting at 0, so at N(0, I)), written as the invertible map z ↦ (z − μ) exp(−log σ),
 * log |det| = −Σ log σ, in front of a standard normal base. Tensor names: {@code <prefix>.mean},
 * {@code <prefix>.logScale}.
 */
public final class LearnedPrior implements FlowLayer {
    private final NDArray mean;
    private final NDArray logScale;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param shape one example's shape, e.g. (C, H, W)
     */
    public LearnedPrior(Parameters params, String prefix, Shape shape) {
        this.mean = params.constant(prefix + ".mean", shape, 0f);
        this.logScale = params.constant(prefix + ".logScale", shape, 0f);
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray logDet = logScale.sum().neg().broadcast(new Shape(x.getShape().get(0)));
        return new Result(x.sub(mean).mul(logScale.neg().exp()), logDet);
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return y.mul(logScale.exp()).add(mean);
    }
}
