package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Conv2d;
import dev.vaekit.nn.Parameters;

/**
 * Glow's affine coupling (Kingma &amp; Dhariwal 2018, table 1 and §3.3, as the authors' code builds it): the channels
 * are split into x₁ (the first ⌊C/2⌋) and x₂ (the rest), and
 *
 * <pre>
 *   (t, ŝ) = NN(x₁),   y₂ = (x₂ + t) ⊙ exp(s),   y₁ = x₁,   log |det| = Σ s over channels and pixels,
 * </pre>
 *
 * where s comes from ŝ as the {@link ImageCoupling.Scale} says (Glow's code: exp(s) = sigmoid(ŝ + 2)). NN is the
 * paper's shallow network: a 3 × 3 convolution to {@code hidden} channels, actnorm, ReLU, a 1 × 1 convolution,
 * actnorm, ReLU, and a 3 × 3 convolution to the 2·|x₂| outputs (t first, then ŝ) that starts at zero and whose output
 * is multiplied by exp(3 · λ) with a per-channel λ starting at 0 (the code's {@code conv2d_zeros}, which lets the
 * output grow quickly without a large learning rate). The two actnorms are initialised from the first batch like the
 * flow's own ({@link #initialize}), which is what lets Glow train at lr 10⁻³ without batch statistics.
 *
 * <p>Splitting the channels instead of masking them ({@link ImageCoupling.Mask#CHANNEL}) halves the first
 * convolution's input and the last one's output. No parity is needed: the invertible 1 × 1 convolution in front of
 * each coupling mixes the channels. Tensor names: {@code <prefix>.in.*}, {@code <prefix>.in.norm.*}, {@code
 * <prefix>.mid.*}, {@code <prefix>.mid.norm.*}, {@code <prefix>.out.*}, {@code <prefix>.out.logScale}, and {@code
 * <prefix>.scale} for {@link ImageCoupling.Scale#TANH}.
 */
public final class GlowCoupling implements FlowLayer {
    /** The authors' {@code logscale_factor}: the zero convolution's output is scaled by exp(3 λ). */
    private static final float OUTPUT_SCALE_FACTOR = 3f;

    private final long kept;
    private final Conv2d in;
    private final ActNorm inNorm;
    private final Conv2d mid;
    private final ActNorm midNorm;
    private final Conv2d out;
    private final NDArray outLogScale;
    private final NDArray scale;
    private final ImageCoupling.Scale scaling;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C ≥ 2
     * @param hidden channels of the network
     * @param scaling how the log-scale is bounded ({@link ImageCoupling.Scale#SIGMOID} in Glow's code), or {@link
     *     ImageCoupling.Scale#ADDITIVE} for none
     */
    public GlowCoupling(Parameters params, String prefix, int channels, int hidden, ImageCoupling.Scale scaling) {
        if (channels < 2) {
            throw new IllegalArgumentException("a Glow coupling needs at least 2 channels, got " + channels);
        }
        this.scaling = scaling;
        int x1 = channels / 2;
        int x2 = channels - x1;
        this.kept = x1;
        this.in = new Conv2d(params, prefix + ".in", x1, hidden, 3, 1, 1, false);
        this.inNorm = new ActNorm(params, prefix + ".in.norm", hidden);
        this.mid = new Conv2d(params, prefix + ".mid", hidden, hidden, 1, 1, 0, false);
        this.midNorm = new ActNorm(params, prefix + ".mid.norm", hidden);
        int outputs = scaling == ImageCoupling.Scale.ADDITIVE ? x2 : 2 * x2;
        this.out = new Conv2d(params, prefix + ".out", hidden, outputs, 3, 1, 1, false).zeroed(params);
        this.outLogScale = params.constant(prefix + ".out.logScale", new Shape(1, outputs, 1, 1), 0f);
        this.scale = scaling == ImageCoupling.Scale.TANH
                ? params.constant(prefix + ".scale", new Shape(1, x2, 1, 1), 1f)
                : null;
    }

    /** The hidden activations after the second actnorm, before its ReLU. */
    NDArray midActivations(NDArray x1) {
        NDArray h = Activation.relu(inNorm.apply(in.forward(x1)));
        return midNorm.apply(mid.forward(h));
    }

    /** @return [t, s] for x₂; s is null for an additive coupling */
    private NDArray[] shiftAndLogScale(NDArray x1) {
        NDArray o = out.forward(Activation.relu(midActivations(x1)))
                .mul(Tensors.scale(outLogScale, OUTPUT_SCALE_FACTOR).exp());
        if (scaling == ImageCoupling.Scale.ADDITIVE) {
            return new NDArray[] {o, null};
        }
        NDList ts = o.split(2, 1);
        return new NDArray[] {ts.get(0), scaling.logScale(ts.get(1), scale)};
    }

    private NDList split(NDArray x) {
        return x.split(new long[] {kept}, 1);
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDList parts = split(x);
        NDArray x1 = parts.get(0);
        NDArray[] ts = shiftAndLogScale(x1);
        NDArray shifted = parts.get(1).add(ts[0]);
        long batch = x.getShape().get(0);
        if (ts[1] == null) {
            return new Result(
                    NDArrays.concat(new NDList(x1, shifted), 1), x.getManager().zeros(new Shape(batch)));
        }
        NDArray y2 = shifted.mul(ts[1].exp());
        return new Result(
                NDArrays.concat(new NDList(x1, y2), 1), ts[1].reshape(batch, -1).sum(new int[] {1}));
    }

    /** x₂ = y₂ ⊙ exp(−s) − t: the network reads y₁ = x₁ only. */
    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        NDList parts = split(y);
        NDArray y1 = parts.get(0);
        NDArray[] ts = shiftAndLogScale(y1);
        NDArray unscaled =
                ts[1] == null ? parts.get(1) : parts.get(1).mul(ts[1].neg().exp());
        return NDArrays.concat(new NDList(y1, unscaled.sub(ts[0])), 1);
    }

    /** Initialises the network's two actnorms on this batch, in order, so each sees the one before it in use. */
    @Override
    public void initialize(NDArray x, NDArray context) {
        NDArray x1 = split(x).get(0);
        NDArray first = in.forward(x1);
        inNorm.initialize(first, null);
        midNorm.initialize(mid.forward(Activation.relu(inNorm.apply(first))), null);
    }
}
