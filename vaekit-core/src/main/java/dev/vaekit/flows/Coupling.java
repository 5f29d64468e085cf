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
 * The {@link Mask} keeps the even features or the odd ones (NICE's partition, §5.1; RealNVP's checkerboard on a
 * vector), or the first or second half; stacking a mask and its complement transforms every feature. t and s come
 * from one ReLU network whose last layer starts at zero, so the layer starts as the identity (the initialisation Glow
 * uses). Tensor names: {@code <prefix>.net.layers.<i>.*}, {@code <prefix>.net.out.*}, {@code <prefix>.scale}.
 */
public final class Coupling implements FlowLayer {
    /** Which features b keeps (b = 1); the others are transformed. */
    public enum Mask {
        /** Keeps features 0, 2, 4, …. */
        EVEN,
        /** Keeps features 1, 3, 5, …. */
        ODD,
        /** Keeps features 0 … ⌊d/2⌋ − 1. */
        FIRST_HALF,
        /** Keeps features ⌊d/2⌋ … d − 1. */
        SECOND_HALF;

        /**
         * @param i a feature
         * @param dim d
         * @return whether the mask keeps feature i
         */
        public boolean keeps(int i, int dim) {
            return switch (this) {
                case EVEN -> i % 2 == 0;
                case ODD -> i % 2 == 1;
                case FIRST_HALF -> i < dim / 2;
                case SECOND_HALF -> i >= dim / 2;
            };
        }

        /** @return the mask that keeps the features this one transforms */
        public Mask complement() {
            return switch (this) {
                case EVEN -> ODD;
                case ODD -> EVEN;
                case FIRST_HALF -> SECOND_HALF;
                case SECOND_HALF -> FIRST_HALF;
            };
        }
    }

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
        this(params, prefix, dim, hidden, parityMask(parity), affine);
    }

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, at least 2
     * @param hidden widths of the conditioner's hidden layers, at least one
     * @param mask the features kept
     * @param affine affine (RealNVP) rather than additive (NICE)
     */
    public Coupling(Parameters params, String prefix, int dim, List<Integer> hidden, Mask mask, boolean affine) {
        if (dim < 2 || hidden.isEmpty()) {
            throw new IllegalArgumentException("a coupling needs d >= 2 and a hidden layer, got d = " + dim);
        }
        float[] keptFeatures = new float[dim];
        for (int i = 0; i < dim; i++) {
            keptFeatures[i] = mask.keeps(i, dim) ? 1f : 0f;
        }
        this.keep = params.manager().create(keptFeatures, new Shape(dim));
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

    /**
     * An additive coupling (NICE, Dinh et al. 2015, eq. 4–5), log |det| = 0.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, at least 2
     * @param hidden widths of the conditioner's hidden layers, at least one
     * @param mask the features kept
     * @return the layer, starting as the identity
     */
    public static Coupling additive(Parameters params, String prefix, int dim, List<Integer> hidden, Mask mask) {
        return new Coupling(params, prefix, dim, hidden, mask, false);
    }

    /**
     * An affine coupling (RealNVP, Dinh et al. 2017, eq. 6–9).
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param dim d, at least 2
     * @param hidden widths of the conditioner's hidden layers, at least one
     * @param mask the features kept
     * @return the layer, starting as the identity
     */
    public static Coupling affine(Parameters params, String prefix, int dim, List<Integer> hidden, Mask mask) {
        return new Coupling(params, prefix, dim, hidden, mask, true);
    }

    private static Mask parityMask(int parity) {
        if (parity != 0 && parity != 1) {
            throw new IllegalArgumentException(
                    "a coupling's parity is 0 (keep even features) or 1 (odd), got " + parity);
        }
        return parity == 0 ? Mask.EVEN : Mask.ODD;
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
