package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;

/**
 * Activation normalization (Kingma &amp; Dhariwal 2018, §3.1): an affine map per channel, y = (x + b) ⊙ exp(s), on
 * vectors (batch, C) or images (batch, C, H, W). b and s are initialised from the first batch so that its output has
 * zero mean and unit variance per channel ({@link #initialize}); then they are ordinary parameters. log |det| =
 * H·W·Σ s (H = W = 1 for vectors). Tensor names: {@code <prefix>.bias}, {@code <prefix>.logScale}.
 */
public final class ActNorm implements FlowLayer {
    private final Parameters params;
    private final NDArray bias;
    private final NDArray logScale;
    private final int channels;

    /**
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     */
    public ActNorm(Parameters params, String prefix, int channels) {
        this.params = params;
        this.bias = params.constant(prefix + ".bias", new Shape(channels), 0f);
        this.logScale = params.constant(prefix + ".logScale", new Shape(channels), 0f);
        this.channels = channels;
    }

    /** Views a per-channel vector so that it broadcasts against x. */
    private NDArray perChannel(NDArray v, NDArray x) {
        return x.getShape().dimension() == 4 ? v.reshape(1, channels, 1, 1) : v;
    }

    private long pixels(NDArray x) {
        return x.getShape().dimension() == 4
                ? x.getShape().get(2) * x.getShape().get(3)
                : 1;
    }

    /** y = (x + b) ⊙ exp(s) without the log-determinant: actnorm as a normalization inside a network. */
    NDArray apply(NDArray x) {
        return x.add(perChannel(bias, x)).mul(perChannel(logScale.exp(), x));
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        NDArray y = apply(x);
        NDArray logDet = Tensors.scale(logScale.sum(), pixels(x))
                .broadcast(new Shape(x.getShape().get(0)));
        return new Result(y, logDet);
    }

    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        return y.mul(perChannel(logScale.neg().exp(), y)).sub(perChannel(bias, y));
    }

    /** Sets b = −mean and s = −log(std + 10⁻⁶) per channel of the batch. */
    @Override
    public void initialize(NDArray x, NDArray context) {
        NDArray perChannelRows =
                x.getShape().dimension() == 4 ? x.transpose(1, 0, 2, 3).reshape(channels, -1) : x.transpose(1, 0);
        NDArray mean = perChannelRows.mean(new int[] {1});
        NDArray std = perChannelRows
                .sub(mean.reshape(channels, 1))
                .square()
                .mean(new int[] {1})
                .sqrt();
        params.assign(bias, mean.neg());
        params.assign(logScale, std.add(1e-6f).log().neg());
    }
}
