package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.nn.Parameters;

/**
 * A planar flow (Rezende &amp; Mohamed 2015, eq. 10–12): f(z) = z + û h(wᵀz + b) with h = tanh, whose Jacobian
 * determinant is 1 + ûᵀψ(z), ψ(z) = h'(wᵀz + b) w. To keep f invertible, û is u moved along w so that wᵀû ≥ −1
 * (appendix A.1): û = u + (m(wᵀu) − wᵀu) w / ‖w‖² with m(x) = −1 + softplus(x), hence wᵀû = m(wᵀu) &gt; −1 and
 * 1 + h'·wᵀû &gt; 0 since 0 &lt; h' ≤ 1. The inverse has no closed form ({@link #invertible()} is false), which a
 * posterior flow never needs. The parameters u, w (each of length d) and b are shared by all inputs: {@code
 * <prefix>.u}, {@code .w}, {@code .b}.
 */
public final class PlanarFlow implements FlowLayer {
    private final NDArray u;
    private final NDArray w;
    private final NDArray b;
    private final int dim;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, the size of z
     */
    public PlanarFlow(Parameters params, String prefix, int dim) {
        float bound = (float) (1.0 / Math.sqrt(dim));
        this.u = params.uniform(prefix + ".u", new Shape(dim), bound);
        this.w = params.uniform(prefix + ".w", new Shape(dim), bound);
        this.b = params.uniform(prefix + ".b", new Shape(1), 0);
        this.dim = dim;
    }

    /** û: u constrained so that wᵀû &gt; −1 (appendix A.1). */
    private NDArray uHat() {
        NDArray wu = w.mul(u).sum();
        NDArray m = Activation.softPlus(wu).sub(1f);
        return u.add(w.mul(m.sub(wu).div(w.square().sum())));
    }

    @Override
    public Result forward(NDArray z, NDArray context) {
        NDArray uHat = uHat();
        NDArray a = z.matMul(w.reshape(dim, 1)).add(b); // (batch, 1)
        NDArray h = a.tanh();
        NDArray y = z.add(h.mul(uHat));
        NDArray hPrime = h.square().neg().add(1f); // tanh' = 1 − tanh²
        NDArray det = hPrime.mul(w.mul(uHat).sum()).add(1f); // 1 + ûᵀψ(z), > 0
        return new Result(y, det.log().reshape(-1));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        throw new UnsupportedOperationException("a planar flow has no closed-form inverse");
    }

    @Override
    public boolean invertible() {
        return false;
    }
}
