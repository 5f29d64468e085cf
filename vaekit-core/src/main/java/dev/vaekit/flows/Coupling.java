package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.nn.Parameters;
import java.util.List;

/**
 * A coupling layer on vectors: a binary mask b keeps some features as they are and transforms the others conditioned
 * on the kept ones, so the Jacobian is triangular and the inverse is as cheap as the forward pass.
 *
 * <ul>
 *   <li>additive (NICE, Dinh et al. 2015, eq. 4–5): y = x + (1 − b) ⊙ t(b ⊙ x), log |det| = 0;
 *   <li>affine (RealNVP, Dinh et al. 2017, eq. 6–9): y = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)),
 *       log |det| = Σ (1 − b) ⊙ s, with s = γ ⊙ tanh(ŝ) kept bounded by a learned per-feature γ (starting at 1).
 * </ul>
 *
 * The mask keeps the even features (parity 0) or the odd ones (parity 1); stacking both parities transforms every
 * feature. t and s come from one ReLU network whose last layer starts at zero, so the layer starts as the identity
 * (the initialisation Glow uses). Tensor names: {@code <prefix>.net.layers.<i>.*}, {@code <prefix>.net.out.*},
 * {@code <prefix>.scale}.
 */
public final class Coupling implements FlowLayer {
    private final List<NDArray> weights = new java.util.ArrayList<>();
    private final List<NDArray> biases = new java.util.ArrayList<>();
    private final NDArray keep;
    private final NDArray change;
    private final NDArray scale;
    private final boolean affine;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, at least 2
     * @param hidden widths of the conditioner's hidden layers, at least one
     * @param parity 0 keeps the even features, 1 the odd ones
     * @param affine affine (RealNVP) rather than additive (NICE)
     */
    public Coupling(Parameters params, String prefix, int dim, List<Integer> hidden, int parity, boolean affine) {
        if (dim < 2 || hidden.isEmpty()) {
            throw new IllegalArgumentException("a coupling needs d >= 2 and a hidden layer, got d = " + dim);
        }
        float[] mask = new float[dim];
        for (int i = 0; i < dim; i++) {
            mask[i] = i % 2 == parity ? 1f : 0f;
        }
        this.keep = params.manager().create(mask, new Shape(dim));
        this.change = keep.neg().add(1f);
        this.affine = affine;
        int width = dim;
        for (int l = 0; l < hidden.size(); l++) {
            float bound = (float) (1.0 / Math.sqrt(width));
            weights.add(
                    params.uniform(prefix + ".net.layers." + l + ".weight", new Shape(hidden.get(l), width), bound));
            biases.add(params.uniform(prefix + ".net.layers." + l + ".bias", new Shape(hidden.get(l)), bound));
            width = hidden.get(l);
        }
        int outputs = affine ? 2 * dim : dim;
        weights.add(params.uniform(prefix + ".net.out.weight", new Shape(outputs, width), 0));
        biases.add(params.uniform(prefix + ".net.out.bias", new Shape(outputs), 0));
        this.scale = affine ? params.constant(prefix + ".scale", new Shape(dim), 1f) : null;
    }

    /** @return [t] or [s, t] given the kept features, each masked to the changed features */
    private NDArray[] conditioner(NDArray kept) {
        NDArray h = kept;
        int last = weights.size() - 1;
        for (int l = 0; l < last; l++) {
            h = Activation.relu(h.matMul(weights.get(l).transpose()).add(biases.get(l)));
        }
        NDArray out = h.matMul(weights.get(last).transpose()).add(biases.get(last));
        if (!affine) {
            return new NDArray[] {out.mul(change)};
        }
        NDList st = out.split(2, 1);
        NDArray s = st.get(0).tanh().mul(scale).mul(change);
        return new NDArray[] {s, st.get(1).mul(change)};
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray[] st = conditioner(x.mul(keep));
        if (!affine) {
            return new Result(
                    x.add(st[0]), x.getManager().zeros(new Shape(x.getShape().get(0))));
        }
        NDArray y = x.mul(st[0].exp()).add(st[1]); // s = t = 0 on the kept features
        return new Result(y, st[0].sum(new int[] {1}));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDArray[] st = conditioner(y.mul(keep)); // the kept features pass through unchanged
        if (!affine) {
            return y.sub(st[0]);
        }
        return y.sub(st[1]).mul(st[0].neg().exp());
    }
}
