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
 * (Glow's NN()), then a ReLU and a 3 × 3 convolution to 2C channels that starts at zero, so the layer starts as the
 * identity. s = γ ⊙ tanh(ŝ) with a learned per-channel γ starting at 1 keeps the scale bounded. Tensor names:
 * {@code <prefix>.in.*}, {@code <prefix>.blocks.<i>.*} or {@code <prefix>.mid.*}, {@code <prefix>.out.*},
 * {@code <prefix>.scale}.
 */
public final class ImageCoupling implements FlowLayer {
    /** Which features a coupling keeps. */
    public enum Mask {
        /** A spatial checkerboard over the pixels. */
        CHECKERBOARD,
        /** Half of the channels. */
        CHANNEL
    }

    private final Conv2d in;
    private final List<ResidualBlock> blocks = new ArrayList<>();
    private final Conv2d mid;
    private final Conv2d out;
    private final NDArray keep;
    private final NDArray change;
    private final NDArray scale;
    private final int channels;

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
        if (mask == Mask.CHANNEL && channels < 2) {
            throw new IllegalArgumentException("a channel mask needs at least 2 channels, got " + channels);
        }
        this.channels = channels;
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
        this.out = new Conv2d(params, prefix + ".out", hidden, 2 * channels, 3, 1, 1, false);
        for (String name : List.of(prefix + ".out.weight", prefix + ".out.bias")) {
            NDArray p = params.asMap().get(name);
            params.assign(p, p.zerosLike());
        }
        this.scale = params.constant(prefix + ".scale", new Shape(1, channels, 1, 1), 1f);
    }

    /** @return [s, t], each (batch, C, H, W) and zero on the kept features */
    private NDArray[] conditioner(NDArray kept) {
        NDArray h = in.forward(kept);
        for (ResidualBlock block : blocks) {
            h = block.forward(h);
        }
        if (mid != null) {
            h = mid.forward(Activation.relu(h));
        }
        NDList st = out.forward(Activation.relu(h)).split(2, 1);
        NDArray s = st.get(0).tanh().mul(scale).mul(change);
        return new NDArray[] {s, st.get(1).mul(change)};
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray[] st = conditioner(x.mul(keep));
        NDArray y = x.mul(st[0].exp()).add(st[1]);
        return new Result(y, st[0].reshape(x.getShape().get(0), -1).sum(new int[] {1}));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDArray[] st = conditioner(y.mul(keep));
        return y.sub(st[1]).mul(st[0].neg().exp());
    }
}
