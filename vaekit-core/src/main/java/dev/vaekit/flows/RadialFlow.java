package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;

/**
 * A radial flow (Rezende &amp; Mohamed 2015, eq. 14): f(z) = z + β h(α, r)(z − z₀) with r = ‖z − z₀‖ and
 * h = 1/(α + r), which contracts or expands space around z₀. Its Jacobian determinant is
 * [1 + βh]^{d−1} [1 + βh + βh'r] with h' = −1/(α + r)². Invertibility needs β ≥ −α (appendix A.2): α = softplus(a)
 * &gt; 0 and β = −α + softplus(b'). No closed-form inverse ({@link #invertible()} is false). Parameters z₀ (length d),
 * a and b': {@code <prefix>.z0}, {@code .alpha}, {@code .beta}.
 */
public final class RadialFlow implements FlowLayer {
    private final NDArray z0;
    private final NDArray alphaRaw;
    private final NDArray betaRaw;
    private final int dim;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, the size of z
     */
    public RadialFlow(Parameters params, String prefix, int dim) {
        float bound = (float) (1.0 / Math.sqrt(dim));
        this.z0 = params.uniform(prefix + ".z0", new Shape(dim), bound);
        this.alphaRaw = params.uniform(prefix + ".alpha", new Shape(1), bound);
        this.betaRaw = params.uniform(prefix + ".beta", new Shape(1), bound);
        this.dim = dim;
    }

    @Override
    public Result forward(NDArray z, NDArray context) {
        NDArray alpha = Activation.softPlus(alphaRaw);
        NDArray beta = Activation.softPlus(betaRaw).sub(alpha);
        NDArray diff = z.sub(z0);
        // r = ‖z − z₀‖, kept off 0 where its derivative is undefined
        NDArray r = diff.square().sum(new int[] {1}, true).add(1e-12f).sqrt(); // (batch, 1)
        NDArray h = Tensors.power(alpha.add(r), -1);
        NDArray betaH = beta.mul(h);
        NDArray y = z.add(betaH.mul(diff));
        NDArray first = Tensors.scale(betaH.add(1f).log(), dim - 1);
        NDArray second = betaH.add(1f).sub(beta.mul(r).mul(h.square())).log(); // 1 + βh + βh'r
        return new Result(y, first.add(second).reshape(-1));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        throw new UnsupportedOperationException("a radial flow has no closed-form inverse");
    }

    @Override
    public boolean invertible() {
        return false;
    }
}
