package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.distributions.StandardNormal;

/** p(z) = N(0, I), the prior of Kingma &amp; Welling 2014. */
final class StandardNormalPrior implements Prior {
    private final int latentDim;

    StandardNormalPrior(int latentDim) {
        this.latentDim = latentDim;
    }

    @Override
    public NDArray logProb(NDArray z) {
        return StandardNormal.logProb(z);
    }

    @Override
    public NDArray sample(NDManager manager, long n) {
        return manager.randomNormal(new Shape(n, latentDim));
    }

    @Override
    public boolean analyticKl() {
        return true;
    }

    @Override
    public String id() {
        return PriorKind.STANDARD.id();
    }

    @Override
    public boolean standardNormal() {
        return true;
    }
}
