package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;
import java.util.List;

/**
 * An affine autoregressive step y_i = x_i · scale_i(x_&lt;i) + shift_i(x_&lt;i), its scale and shift given by a
 * {@link Made}: the Jacobian is triangular, log |det| = Σ_i log scale_i, the forward pass is one network
 * evaluation and the inverse takes d of them, one feature at a time. Two parameterisations:
 *
 * <ul>
 *   <li>{@link Kind#IAF}, inverse autoregressive flow (Kingma et al. 2016, eq. 11–14): [m, s] = MADE(z, h),
 *       σ = sigmoid(s + {@value #FORGET_BIAS}), z' = σ ⊙ z + (1 − σ) ⊙ m, log |det| = Σ log σ. Used forwards in a
 *       posterior, where sampling is what must be fast; the positive forget bias starts σ near 0.88, close to the
 *       identity.
 *   <li>{@link Kind#MAF}, masked autoregressive flow (Papamakarios et al. 2017, eq. 3–4) in its density direction:
 *       [μ, α] = MADE(x), u = (x − μ) exp(−α), log |det| = −Σ α; its inverse x = u exp(α) + μ is the sequential
 *       sampler. α is bounded to (−{@value #MAX_LOG_SCALE}, {@value #MAX_LOG_SCALE}) by a scaled tanh.
 * </ul>
 */
public final class AutoregressiveFlow implements FlowLayer {
    /** The parameterisation. */
    public enum Kind {
        /** Inverse autoregressive flow. */
        IAF,
        /** Masked autoregressive flow. */
        MAF
    }

    /** The IAF's forget-gate bias. */
    static final float FORGET_BIAS = 2f;

    /** Bound on |α| of a MAF step. */
    static final float MAX_LOG_SCALE = 5f;

    private final Made made;
    private final Kind kind;

    /**
     * @param params where the MADE's weights are created
     * @param prefix their name prefix ({@code <prefix>.made.*})
     * @param dim d
     * @param hidden the MADE's hidden widths
     * @param contextDim width of the context h, 0 for none
     * @param reversed whether the autoregressive order runs from the last feature to the first
     * @param kind IAF or MAF
     */
    public AutoregressiveFlow(
            Parameters params,
            String prefix,
            int dim,
            List<Integer> hidden,
            int contextDim,
            boolean reversed,
            Kind kind) {
        this.made = new Made(params, prefix + ".made", dim, hidden, contextDim, reversed, 2);
        this.kind = kind;
    }

    /** @return [log scale, shift] of y = x · scale + shift, each (batch, d) */
    private NDArray[] logScaleAndShift(NDArray x, NDArray context) {
        NDList parts = made.forward(x, context).split(2, 1);
        if (kind == Kind.IAF) {
            NDArray m = parts.get(0);
            NDArray gate = parts.get(1).add(FORGET_BIAS);
            NDArray logSigma = Activation.softPlus(gate.neg()).neg(); // log sigmoid, stably
            NDArray oneMinusSigma = Activation.sigmoid(gate.neg());
            return new NDArray[] {logSigma, m.mul(oneMinusSigma)};
        }
        NDArray mu = parts.get(0);
        NDArray alpha =
                Tensors.scale(Tensors.divide(parts.get(1), MAX_LOG_SCALE).tanh(), MAX_LOG_SCALE);
        return new NDArray[] {alpha.neg(), mu.mul(alpha.neg().exp()).neg()};
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray[] ls = logScaleAndShift(x, context);
        NDArray y = x.mul(ls[0].exp()).add(ls[1]);
        return new Result(y, ls[0].sum(new int[] {1}));
    }

    /**
     * Inverts the step feature by feature: after pass k, the first k features in the autoregressive order are exact,
     * since each depends on the earlier ones only; d passes give x.
     */
    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDArray x = y.zerosLike();
        for (int pass = 0; pass < made.dim(); pass++) {
            NDArray[] ls = logScaleAndShift(x, context);
            x = y.sub(ls[1]).mul(ls[0].neg().exp());
        }
        return x;
    }
}
