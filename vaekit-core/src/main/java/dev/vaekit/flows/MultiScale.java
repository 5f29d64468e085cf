package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.vaekit.nn.Conv2d;
import dev.vaekit.nn.Parameters;

/**
 * One scale of a multi-scale flow (Dinh et al. 2017, §3.6; Kingma &amp; Dhariwal 2018, §3): the layers of this scale,
 * then half of the channels are factored out (they leave the flow here and go straight to the output) and the other
 * half go on to the next scale. The output is flat, (batch, d): the factored-out half of this scale first, then
 * whatever the next scale outputs; the last scale outputs its whole tensor.
 *
 * <p>With a learned split prior (Glow) the factored-out half z₂ is not taken as N(0, I) directly but as
 * N(μ(z₁), σ(z₁)²) given the kept half z₁, written as the invertible map z₂ ↦ (z₂ − μ(z₁)) exp(−log σ(z₁)) with
 * log |det| = −Σ log σ, so that the base stays N(0, I). μ and log σ come from a 3 × 3 convolution of z₁ that starts
 * at zero. Tensor names: {@code <prefix>.prior.*}.
 */
public final class MultiScale implements FlowLayer {
    private final FlowLayer layers;
    private final long channels;
    private final long height;
    private final long width;
    private final Conv2d splitPrior;
    private final FlowLayer next;

    /**
     * @param params where the split prior's parameters are created
     * @param prefix their name prefix
     * @param layers this scale's layers, mapping the input to (channels, height, width)
     * @param channels channels after them (even when a next scale follows)
     * @param height height after them
     * @param width width after them
     * @param learnedPrior whether the factored-out half gets Glow's learned conditional prior
     * @param next the next scale, taking (channels/2, height, width) to a flat output; null for the last scale
     */
    public MultiScale(
            Parameters params,
            String prefix,
            FlowLayer layers,
            int channels,
            int height,
            int width,
            boolean learnedPrior,
            FlowLayer next) {
        this.layers = layers;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.next = next;
        if (next != null && learnedPrior) {
            this.splitPrior =
                    new Conv2d(params, prefix + ".prior", channels / 2, channels, 3, 1, 1, false).zeroed(params);
        } else {
            this.splitPrior = null;
        }
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        Result r = layers.forward(x, context);
        long batch = x.getShape().get(0);
        if (next == null) {
            return new Result(r.output().reshape(batch, -1), r.logDet());
        }
        NDList halves = r.output().split(2, 1);
        NDArray kept = halves.get(0);
        NDArray out = halves.get(1);
        NDArray logDet = r.logDet();
        if (splitPrior != null) {
            NDList prior = splitPrior.forward(kept).split(2, 1);
            NDArray logSigma = prior.get(1);
            out = out.sub(prior.get(0)).mul(logSigma.neg().exp());
            logDet = logDet.sub(logSigma.reshape(batch, -1).sum(new int[] {1}));
        }
        Result rest = next.forward(kept, context);
        return new Result(
                NDArrays.concat(new NDList(out.reshape(batch, -1), rest.output()), 1), logDet.add(rest.logDet()));
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        long batch = y.getShape().get(0);
        if (next == null) {
            return layers.inverse(y.reshape(batch, channels, height, width), context);
        }
        long factored = channels / 2 * height * width;
        NDArray out = y.get(":, 0:" + factored).reshape(batch, channels / 2, height, width);
        NDArray kept = next.inverse(y.get(":, " + factored + ":"), context);
        if (splitPrior != null) {
            NDList prior = splitPrior.forward(kept).split(2, 1);
            out = out.mul(prior.get(1).exp()).add(prior.get(0));
        }
        return layers.inverse(NDArrays.concat(new NDList(kept, out), 1), context);
    }

    @Override
    public void initialize(NDArray x, NDArray context) {
        layers.initialize(x, context);
        if (next != null) {
            next.initialize(layers.forward(x, context).output().split(2, 1).get(0), context);
        }
    }

    /** Switches this scale's layers and the scales after it. */
    @Override
    public void setTraining(boolean training) {
        layers.setTraining(training);
        if (next != null) {
            next.setTraining(training);
        }
    }
}
