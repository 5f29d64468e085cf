package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.nn.Parameters;

/**
 * NICE's last layer (Dinh et al. 2015, §3.3): y = x ⊙ exp(s), log |det| = Σ s, letting the volume-preserving additive
 * couplings give some dimensions more weight than others. s starts at 0. Tensor name: {@code <prefix>.logScale}.
 */
public final class DiagonalScaling implements FlowLayer {
    private final NDArray logScale;

    /**
     * @param params where the parameter is created
     * @param prefix its name prefix
     * @param dim d
     */
    public DiagonalScaling(Parameters params, String prefix, int dim) {
        this.logScale = params.constant(prefix + ".logScale", new Shape(dim), 0f);
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray logDet = logScale.sum().broadcast(new Shape(x.getShape().get(0)));
        return new Result(x.mul(logScale.exp()), logDet);
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return y.mul(logScale.neg().exp());
    }
}
