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
 * posterior flow never needs. The parameters u, w (each of length d) and b are either shared by all inputs ({@code
 * <prefix>.u}, {@code .w}, {@code .b}) or, {@link #amortized amortized}, read per example from the context, where an
 * encoder put them (Rezende &amp; Mohamed 2015, §4).
 */
public final class PlanarFlow implements FlowLayer {
    private final NDArray u;
    private final NDArray w;
    private final NDArray b;
    private final int dim;
    /** For an amortized flow, where this step's (u, w, b) start in the context's columns; −1 when shared. */
    private final int contextOffset;

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
        this.contextOffset = -1;
    }

    private PlanarFlow(int dim, int contextOffset) {
        this.u = null;
        this.w = null;
        this.b = null;
        this.dim = dim;
        this.contextOffset = contextOffset;
    }

    /**
     * A planar step whose u, w and b are the context's columns [offset, offset + d), [offset + d, offset + 2d) and
     * offset + 2d: one flow per example.
     *
     * @param dim d, the size of z
     * @param offset the first of this step's {@link #amortizedWidth} context columns
     * @return the step
     */
    public static PlanarFlow amortized(int dim, int offset) {
        if (dim < 1 || offset < 0) {
            throw new IllegalArgumentException("dim " + dim + ", offset " + offset);
        }
        return new PlanarFlow(dim, offset);
    }

    /** @return the context columns one amortized step reads: u and w (d each) and b */
    public static int amortizedWidth(int dim) {
        return 2 * dim + 1;
    }

    /**
     * û: u constrained so that wᵀû &gt; −1 (appendix A.1), row by row; u and w are (1, d) when shared or (batch, d)
     * when amortized.
     */
    private static NDArray uHat(NDArray u, NDArray w) {
        NDArray wu = w.mul(u).sum(new int[] {1}, true);
        NDArray m = Activation.softPlus(wu).sub(1f); // m(wᵀu) = −1 + softplus(wᵀu)
        return u.add(w.mul(m.sub(wu).div(w.square().sum(new int[] {1}, true))));
    }

    @Override
    public Result forward(NDArray z, NDArray context) {
        NDArray uRows;
        NDArray wRows;
        NDArray bias;
        if (contextOffset < 0) {
            uRows = u.reshape(1, dim);
            wRows = w.reshape(1, dim);
            bias = b;
        } else {
            if (context == null || context.getShape().get(1) < contextOffset + amortizedWidth(dim)) {
                throw new IllegalArgumentException(
                        "an amortized planar step needs context columns up to " + (contextOffset + amortizedWidth(dim))
                                + ", got " + (context == null ? null : context.getShape()));
            }
            uRows = context.get(":, {}:{}", contextOffset, contextOffset + dim);
            wRows = context.get(":, {}:{}", contextOffset + dim, contextOffset + 2 * dim);
            bias = context.get(":, {}:{}", contextOffset + 2 * dim, contextOffset + 2 * dim + 1);
        }
        NDArray uHat = uHat(uRows, wRows);
        NDArray a = contextOffset < 0 // wᵀz + b, (batch, 1)
                ? z.matMul(w.reshape(dim, 1)).add(bias)
                : z.mul(wRows).sum(new int[] {1}, true).add(bias);
        NDArray h = a.tanh();
        NDArray y = z.add(h.mul(uHat));
        NDArray hPrime = h.square().neg().add(1f); // tanh' = 1 − tanh²
        NDArray det = hPrime.mul(wRows.mul(uHat).sum(new int[] {1}, true)).add(1f); // 1 + ûᵀψ(z), > 0
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
