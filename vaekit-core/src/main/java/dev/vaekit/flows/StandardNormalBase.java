package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.Gaussian;
import dev.vaekit.engine.Tensors;

/** N(0, I) over every coordinate: log p(z) = −½ Σ (z² + log 2π). */
public final class StandardNormalBase implements BaseDistribution {
    @Override
    public NDArray logProb(NDArray z) {
        long perExample = z.getShape().size() / z.getShape().get(0);
        return Tensors.scale(
                z.square().reshape(z.getShape().get(0), -1).sum(new int[] {1}).add((float)
                        (perExample * Gaussian.LOG_2PI)),
                -0.5);
    }

    @Override
    public NDArray sample(NDManager manager, Shape shape, float temperature) {
        return Tensors.scale(manager.randomNormal(shape), temperature);
    }
}
