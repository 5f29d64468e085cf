package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Tensors;
import java.util.Arrays;

/**
 * The 256-way softmax of van den Oord et al. 2016 ("Pixel Recurrent Neural Networks", section 2.2, "Pixels as Discrete
 * Variables") for 8-bit values: each pixel's grey level v ∈ {0, …, 255} has probability P(v | l) = softmax(l)_v, from
 * 256 unconstrained logits l per pixel, with no ordering or smoothness between levels imposed.
 *
 * <p>Units: observations arrive as vaekit holds pictures, x ∈ [0, 1] in steps of 1/255 (pixel/255); the level is
 * v = round(255·x), clipped to [0, 255]. Logits come as (..., 256, d): the levels on axis −2, the d pixels on the last
 * axis ({@link #levelsAxis} turns a decoder's flat output into that shape).
 *
 * <p>P is a probability mass function over the 256 levels, so Σ_v P(v) = 1 and log P ≤ 0: −log P(x) in nats divided by
 * d·ln 2 is already bits per dimension of the 8-bit data, with no dequantisation correction (a density p on [0, 1]
 * would first need log 256 per pixel taken off its log-density, the width 1/256 of a bin under uniform
 * dequantisation).
 */
public final class Categorical256 {
    /** Grey levels of 8-bit data. */
    public static final int LEVELS = 256;

    private Categorical256() {}

    /**
     * Splits the last axis of a decoder's output into its 256 blocks of d values: block v holds the logit of grey
     * level v for every pixel (the layout a convolutional decoder gives when channel v·C + c is flattened
     * channel-major).
     *
     * @param output decoder output, shape (..., 256·d)
     * @return a view of shape (..., 256, d)
     */
    public static NDArray levelsAxis(NDArray output) {
        long[] shape = output.getShape().getShape();
        int last = shape.length - 1;
        if (shape[last] % LEVELS != 0) {
            throw new IllegalArgumentException(
                    "a categorical-256 decoder output holds 256·d values per example, got " + shape[last]);
        }
        long[] split = new long[shape.length + 1];
        System.arraycopy(shape, 0, split, 0, last);
        split[last] = LEVELS;
        split[last + 1] = shape[last] / LEVELS;
        return output.reshape(split);
    }

    /**
     * log P(x | l) = l_v − logsumexp(l) at the observed level v = round(255·x), per pixel, nothing summed.
     *
     * <p>torch's log-softmax subtracts the maximum logit before exponentiating, so no logit overflows. The observed
     * level's entry is picked with {@code gather} on the levels axis, not {@code get(NDIndex)} (whose gradients came
     * out non-finite now and then under load, see {@code ObservationModel.MixedObservation}) and not a product with a
     * one-hot mask. Forward and backward on a batch of 100 × 784, 2 threads, medians over 20 to 40 runs in each of
     * four runs on the shared 2-core VM (absolute times varied up to 3× between runs, the order never): gather 88 to
     * 253 ms, the one-hot product 139 to 372 ms, and gather after moving the levels to the last axis 322 ms (one run,
     * where gather took 244 ms). The one-hot product also holds a second (100, 256, 784) tensor.
     *
     * @param x observations in [0, 1], multiples of 1/255, shape (..., d), broadcastable against the logits' batch
     *     axes
     * @param logits l, shape (..., 256, d)
     * @return log-probabilities, shape (..., d): the broadcast batch axes of both
     */
    public static NDArray logProbPerFeature(NDArray x, NDArray logits) {
        NDArray logProbabilities = logits.logSoftmax(-2);
        // torch's gather broadcasts neither argument: both are spread to the common batch axes, the index with one
        // level per pixel
        long[] full = broadcastShape(
                x.expandDims(-2).getShape().getShape(),
                logProbabilities.getShape().getShape());
        long[] indexShape = full.clone();
        indexShape[indexShape.length - 2] = 1;
        NDArray level = levels(x).expandDims(-2).broadcast(new Shape(indexShape));
        NDArray spread = logProbabilities.getShape().equals(new Shape(full))
                ? logProbabilities
                : logProbabilities.broadcast(new Shape(full));
        return spread.gather(level, -2).squeeze(-2);
    }

    /**
     * The mean grey value Σ_v softmax(l)_v · v/255 per pixel, in [0, 1].
     *
     * @param logits l, shape (..., 256, d)
     * @return shape (..., d)
     */
    public static NDArray mean(NDArray logits) {
        NDArray grey = greyValues(logits.getManager());
        return logits.softmax(-2).mul(grey).sum(new int[] {-2});
    }

    /**
     * Draws one grey level per pixel from softmax(l), by inverse CDF: v is the number of levels whose cumulative
     * probability lies below a uniform u, so P(v) = F(v) − F(v − 1) = softmax(l)_v. u comes from the engine's seeded
     * generator (DJL's {@code randomMultinomial} throws on PyTorch), so a seeded engine draws the same pictures. Not
     * differentiable.
     *
     * @param logits l, shape (..., 256, d)
     * @return the drawn values v/255, shape (..., d)
     */
    public static NDArray sample(NDArray logits) {
        NDArray cdf = logits.softmax(-2).cumSum(-2);
        long[] shape = cdf.getShape().getShape().clone();
        shape[shape.length - 2] = 1;
        NDArray u = logits.getManager().randomUniform(0f, 1f, new Shape(shape));
        // rounding can leave F(255) a hair under 1 and below u: such a draw is the top level
        NDArray below = cdf.lt(u).toType(DataType.FLOAT32, false).sum(new int[] {-2});
        return Tensors.divide(Tensors.atMost(below, LEVELS - 1), LEVELS - 1);
    }

    /** @return the shape two shapes broadcast to, numpy's rules (aligned on the last axis, 1 stretches) */
    private static long[] broadcastShape(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 1; i <= out.length; i++) {
            long p = i <= a.length ? a[a.length - i] : 1;
            long q = i <= b.length ? b[b.length - i] : 1;
            if (p != q && p != 1 && q != 1) {
                throw new IllegalArgumentException(
                        "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            }
            out[out.length - i] = p == 1 ? q : p;
        }
        return out;
    }

    /** @return v = round(255·x) clipped to [0, 255], as the int64 index gather takes */
    private static NDArray levels(NDArray x) {
        return Tensors.scale(x, LEVELS - 1).round().clip(0, LEVELS - 1).toType(DataType.INT64, false);
    }

    /** @return v/255 for v = 0 … 255, shape (256, 1) */
    private static NDArray greyValues(NDManager manager) {
        return Tensors.divide(manager.arange(0f, LEVELS), LEVELS - 1).reshape(LEVELS, 1);
    }
}
