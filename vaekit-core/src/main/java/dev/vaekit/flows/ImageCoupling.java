package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.nn.ActivationKind;
import dev.vaekit.nn.Conv2d;
import dev.vaekit.nn.Parameters;
import dev.vaekit.nn.ResidualBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * An affine coupling layer on images (RealNVP, Dinh et al. 2017, eq. 6–9; Glow's coupling, Kingma &amp; Dhariwal
 * 2018, table 1): y = b ⊙ x + (1 − b) ⊙ (x ⊙ exp(s(b ⊙ x)) + t(b ⊙ x)), log |det| = Σ (1 − b) ⊙ s over channels and
 * pixels. The mask b is
 *
 * <ul>
 *   <li>{@link Mask#CHECKERBOARD}: pixels with (i + j) of the given parity kept, in every channel (eq. 8's spatial
 *       checkerboard);
 *   <li>{@link Mask#CHANNEL}: the first half of the channels kept (parity 0) or the second half (parity 1).
 * </ul>
 *
 * s and t come from a convolutional network on b ⊙ x: a 3 × 3 convolution to {@code hidden} channels, then
 * {@code blocks} pre-activation residual blocks (RealNVP's ResNet) or, with none, a ReLU and a 1 × 1 convolution
 * (Glow's NN()), then a ReLU and a 3 × 3 convolution to 2C channels (C for the additive form) that starts at zero
 * (Kingma &amp; Dhariwal 2018, §3.3), so the layer starts as the identity. How the log-scale s comes from the
 * network's output ŝ is a {@link Scale}. Tensor names: {@code <prefix>.in.*}, {@code <prefix>.blocks.<i>.*} or
 * {@code <prefix>.mid.*}, {@code <prefix>.out.*}, and {@code <prefix>.scale} for {@link Scale#TANH}.
 */
public final class ImageCoupling implements FlowLayer {
    /** Which features a coupling keeps. */
    public enum Mask {
        /** A spatial checkerboard over the pixels. */
        CHECKERBOARD,
        /** Half of the channels. */
        CHANNEL
    }

    /** How the log-scale s of the affine map is bounded. */
    public enum Scale {
        /**
         * s = γ ⊙ tanh(ŝ) with a learned per-channel γ starting at 1 (RealNVP's tanh-bounded scale, Dinh et al. 2017,
         * §4.1); s = 0 at initialisation, so the layer starts as the identity.
         */
        TANH,
        /**
         * exp(s) = sigmoid(ŝ + 2), i.e. s = −softplus(−(ŝ + 2)), as in Glow's released code: the scale lies in (0, 1),
         * which keeps the inverse stable; at initialisation it is sigmoid(2) ≈ 0.88 everywhere, so the layer starts
         * near (not at) the identity.
         */
        SIGMOID,
        /** s = 0: an additive coupling, y₂ = x₂ + t(x₁) (NICE, Dinh et al. 2015, eq. 6), volume preserving. */
        ADDITIVE;

        /**
         * @param raw the network's output ŝ
         * @param gamma {@link #TANH}'s per-channel factor γ (unused otherwise)
         * @return the log-scale s
         */
        NDArray logScale(NDArray raw, NDArray gamma) {
            return switch (this) {
                case TANH -> raw.tanh().mul(gamma);
                    // log sigmoid(ŝ + 2) = −softplus(−ŝ − 2), stable for any ŝ (never log of a sigmoid)
                case SIGMOID -> Activation.softPlus(raw.add(2f).neg()).neg();
                case ADDITIVE -> throw new IllegalStateException("an additive coupling has no scale");
            };
        }
    }

    private final Conv2d in;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Conv2d mid;
    private final Conv2d out;
    private final NDArray keep;
    private final NDArray change;
    private final NDArray scale;
    private final Scale scaling;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param mask checkerboard or channel
     * @param parity 0 or 1: which half the mask keeps
     * @param hidden channels of the conditioner
     * @param blocks residual blocks of the conditioner (0: Glow's conv–ReLU–1×1 conv)
     */
    public ImageCoupling(
            Parameters params,
            String prefix,
            int channels,
            int height,
            int width,
            Mask mask,
            int parity,
            int hidden,
            int blocks) {
        this(params, prefix, channels, height, width, mask, parity, hidden, blocks, Scale.TANH);
    }

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param mask checkerboard or channel
     * @param parity 0 or 1: which half the mask keeps
     * @param hidden channels of the conditioner
     * @param blocks residual blocks of the conditioner (0: Glow's conv–ReLU–1×1 conv)
     * @param scaling how the log-scale is bounded, or {@link Scale#ADDITIVE} for none
     */
    public ImageCoupling(
            Parameters params,
            String prefix,
            int channels,
            int height,
            int width,
            Mask mask,
            int parity,
            int hidden,
            int blocks,
            Scale scaling) {
        if (mask == Mask.CHANNEL && channels < 2) {
            throw new IllegalArgumentException("a channel mask needs at least 2 channels, got " + channels);
        }
        if (parity != 0 && parity != 1) {
            throw new IllegalArgumentException("a coupling's parity is 0 or 1, got " + parity);
        }
        this.scaling = scaling;
        float[] b = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) {
                    boolean kept =
                            mask == Mask.CHECKERBOARD ? (i + j) % 2 == parity : (c < channels / 2) == (parity == 0);
                    b[(c * height + i) * width + j] = kept ? 1f : 0f;
                }
            }
        }
        this.keep = params.manager().create(b, new Shape(1, channels, height, width));
        this.change = keep.neg().add(1f);
        this.in = new Conv2d(params, prefix + ".in", channels, hidden, 3, 1, 1, false);
        for (int k = 0; k < blocks; k++) {
            this.blocks.add(new ResidualBlock(params, prefix + ".blocks." + k, hidden, ActivationKind.RELU));
        }
        this.mid = blocks == 0 ? new Conv2d(params, prefix + ".mid", hidden, hidden, 1, 1, 0, false) : null;
        int outputs = scaling == Scale.ADDITIVE ? channels : 2 * channels;
        this.out = new Conv2d(params, prefix + ".out", hidden, outputs, 3, 1, 1, false).zeroed(params);
        this.scale =
                scaling == Scale.TANH ? params.constant(prefix + ".scale", new Shape(1, channels, 1, 1), 1f) : null;
    }

    /** @return [s, t], each (batch, C, H, W) and zero on the kept features; s is null for an additive coupling */
    private NDArray[] conditioner(NDArray kept) {
        NDArray h = in.forward(kept);
        for (ResidualBlock block : blocks) {
            h = block.forward(h);
        }
        if (mid != null) {
            h = mid.forward(Activation.relu(h));
        }
        NDArray o = out.forward(Activation.relu(h));
        if (scaling == Scale.ADDITIVE) {
            return new NDArray[] {null, o.mul(change)};
        }
        NDList st = o.split(2, 1);
        return new NDArray[] {
            scaling.logScale(st.get(0), scale).mul(change), st.get(1).mul(change)
        };
    }

    /**
     * y = x ⊙ exp(s) + t on the changed features (eq. 7 with the mask folded into s and t, which vanish on the kept
     * ones), log |det| = Σ s (eq. 6: the Jacobian is triangular with diagonal exp(s)).
     */
    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray[] st = conditioner(x.mul(keep));
        if (st[0] == null) {
            return new Result(
                    x.add(st[1]), x.getManager().zeros(new Shape(x.getShape().get(0))));
        }
        NDArray y = x.mul(st[0].exp()).add(st[1]);
        return new Result(y, st[0].reshape(x.getShape().get(0), -1).sum(new int[] {1}));
    }

    /** x = (y − t) ⊙ exp(−s) (eq. 9): s and t read only the kept features, which y and x share. */
    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDArray[] st = conditioner(y.mul(keep));
        NDArray shifted = y.sub(st[1]);
        return st[0] == null ? shifted : shifted.mul(st[0].neg().exp());
    }
}
