package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Convolutions;

/**
 * A 2-D convolution over (n, in, h, w) images, as torch.nn.Conv2d, one native call per forward (see {@link
 * dev.vaekit.engine.Convolutions} for the CPUs where it takes more). Initialised like
 * PyTorch: weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in = in·k·k.
 *
 * <p>With weight normalisation (Salimans &amp; Kingma 2016, eq. 2) the kernel of output channel c is
 * w_c = g_c · v_c / ‖v_c‖: the direction v ({@code <prefix>.v}) and the length g ({@code <prefix>.g}) are learned
 * separately, which conditions the gradient like batch normalisation without any batch statistics, so training and
 * evaluation compute the same function. g starts at ‖v‖, so the initial kernel is v.
 */
public final class Conv2d {
    private final NDArray weight;
    private final NDArray direction;
    private final NDArray length;
    private final NDArray bias;
    private final Shape stride;
    private final Shape padding;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code encoder.conv.0}
     * @param in input channels
     * @param out output channels
     * @param kernel kernel size k (k × k)
     * @param stride stride in both directions
     * @param padding zero padding on every side
     * @param weightNorm whether to learn the kernel as g · v/‖v‖
     */
    public Conv2d(
            Parameters params,
            String prefix,
            int in,
            int out,
            int kernel,
            int stride,
            int padding,
            boolean weightNorm) {
        float bound = (float) (1.0 / Math.sqrt((double) in * kernel * kernel));
        Shape shape = new Shape(out, in, kernel, kernel);
        if (weightNorm) {
            this.weight = null;
            this.direction = params.uniform(prefix + ".v", shape, bound);
            this.length = params.copyOf(prefix + ".g", norms(direction));
        } else {
            this.weight = params.uniform(prefix + ".weight", shape, bound);
            this.direction = null;
            this.length = null;
        }
        this.bias = params.uniform(prefix + ".bias", new Shape(out), bound);
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    /**
     * Starts the convolution as the zero map, kernel and bias 0 (the zero-initialised last layers of Glow, Kingma
     * &amp; Dhariwal 2018, §3.3, which make a coupling start as the identity).
     *
     * @param params the parameters the convolution was created in
     * @return this convolution
     * @throws IllegalStateException with weight normalisation, whose direction v cannot be zero
     */
    public Conv2d zeroed(Parameters params) {
        if (weight == null) {
            throw new IllegalStateException("a weight-normalised convolution cannot start at zero");
        }
        params.assign(weight, weight.zerosLike());
        params.assign(bias, bias.zerosLike());
        return this;
    }

    /** @return the parameters whose zero makes the convolution the zero map: the kernel (or its length g) and bias */
    NDArray[] scaleAndBias() {
        return new NDArray[] {weight != null ? weight : length, bias};
    }

    /** ‖v_c‖ per output channel, shape (out). */
    private static NDArray norms(NDArray v) {
        return v.square().sum(new int[] {1, 2, 3}).sqrt();
    }

    /** @return the kernel in use, shape (out, in, k, k): the weight, or g · v/‖v‖ */
    public NDArray kernel() {
        if (weight != null) {
            return weight;
        }
        long out = direction.getShape().get(0);
        NDArray scale = length.div(norms(direction)).reshape(out, 1, 1, 1);
        return direction.mul(scale);
    }

    /** @return the bias, shape (out) */
    NDArray bias() {
        return bias;
    }

    /**
     * @param x images, shape (n, in, h, w)
     * @return shape (n, out, h', w')
     */
    public NDArray forward(NDArray x) {
        return Convolutions.conv2d(x, kernel(), bias, stride, padding);
    }
}
