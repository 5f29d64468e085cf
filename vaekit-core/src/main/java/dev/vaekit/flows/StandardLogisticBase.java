package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;

/**
 * The standard logistic over every coordinate, NICE's prior (Dinh et al. 2015, §3.4): log p(z) = −Σ (softplus(z) +
 * softplus(−z)), heavier-tailed than the normal so that its gradient stays bounded. Samples z = T·log(u/(1 − u)) with
 * u ~ U(0, 1).
 */
public final class StandardLogisticBase implements BaseDistribution {
    @Override
    public NDArray logProb(NDArray z) {
        NDArray flat = z.reshape(z.getShape().get(0), -1);
        return Activation.softPlus(flat)
                .add(Activation.softPlus(flat.neg()))
                .sum(new int[] {1})
                .neg();
    }

    @Override
    public NDArray sample(NDManager manager, Shape shape, float temperature) {
        NDArray u = manager.randomUniform(1e-6f, 1f - 1e-6f, shape);
        return Tensors.scale(u.log().sub(u.neg().add(1f).log()), temperature);
    }
}
