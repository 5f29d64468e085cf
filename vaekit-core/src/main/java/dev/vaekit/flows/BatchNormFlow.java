package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.engine.Tensors;
import dev.vaekit.nn.Parameters;

/**
 * Batch normalization as an invertible layer (Dinh et al. 2017, §3.6; Papamakarios et al. 2017, eq. 22) on vectors
 * (batch, d):
 *
 * <pre>
 *   y = (x − m) / √(v + ε) ⊙ exp(log γ) + β,   log |det| = Σ_i (log γ_i − ½ log(v_i + ε)),
 * </pre>
 *
 * or on images (batch, C, H, W) with d = C, one m, v, γ, β per channel shared by its H·W pixels (as RealNVP
 * normalizes its coupling outputs), so that the log-determinant is H·W times the sum above.
 *
 * with γ kept positive through its logarithm (starting at 0, so γ = 1) and β starting at 0. While training
 * ({@link #setTraining}(true), the initial mode) m and v are the batch's mean and (biased) variance per feature, and
 * gradients flow through them; in evaluation mode they are running averages. As in the papers, the log-determinant
 * treats m and v as constants: it is the log-determinant of each example's affine map, which is exact in evaluation
 * mode.
 *
 * <p>Every training-mode forward pass updates the averages, r ← momentum · r + (1 − momentum) · batch statistic
 * (DJL's convention: the momentum is the share kept). {@link #initialize} sets them to the first batch's statistics.
 * The inverse always uses the running averages, so it undoes the forward pass of evaluation mode (sampling is done in
 * evaluation mode).
 *
 * <p>The running averages are {@linkplain Parameters#buffer buffers}: saved and loaded with the weights under their
 * names, but neither differentiated nor seen by the optimiser. (As trainable parameters they would get zero gradients
 * and Adam would leave them alone only while its moments stayed zero; a buffer needs no such argument.) Tensor names:
 * {@code <prefix>.logGamma}, {@code <prefix>.beta} (parameters), {@code <prefix>.runningMean}, {@code
 * <prefix>.runningVar} (buffers).
 */
public final class BatchNormFlow implements FlowLayer {
    /** The default ε added to the variance. */
    public static final float DEFAULT_EPSILON = 1e-5f;

    /** The default share of the running averages kept at each update. */
    public static final float DEFAULT_MOMENTUM = 0.9f;

    private final Parameters params;
    private final NDArray logGamma;
    private final NDArray beta;
    private final NDArray runningMean;
    private final NDArray runningVar;
    private final int dim;
    private final float momentum;
    private final float epsilon;
    private boolean training = true;

    /**
     * A layer with {@link #DEFAULT_MOMENTUM} and {@link #DEFAULT_EPSILON}.
     *
     * @param params where the parameters and buffers are created
     * @param prefix their name prefix
     * @param dim d, the number of features of a vector or the channels C of an image
     */
    public BatchNormFlow(Parameters params, String prefix, int dim) {
        this(params, prefix, dim, DEFAULT_MOMENTUM, DEFAULT_EPSILON);
    }

    /**
     * @param params where the parameters and buffers are created
     * @param prefix their name prefix
     * @param dim d, the number of features of a vector or the channels C of an image
     * @param momentum share of the running averages kept at each update, in [0, 1)
     * @param epsilon ε &gt; 0 added to the variance
     */
    public BatchNormFlow(Parameters params, String prefix, int dim, float momentum, float epsilon) {
        if (dim < 1) {
            throw new IllegalArgumentException("batch normalization needs d >= 1, got " + dim);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("batch normalization momentum must be in [0, 1), got " + momentum);
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("batch normalization epsilon must be > 0, got " + epsilon);
        }
        this.params = params;
        this.logGamma = params.constant(prefix + ".logGamma", new Shape(dim), 0f);
        this.beta = params.constant(prefix + ".beta", new Shape(dim), 0f);
        this.runningMean = params.buffer(prefix + ".runningMean", new Shape(dim), 0f);
        this.runningVar = params.buffer(prefix + ".runningVar", new Shape(dim), 1f);
        this.dim = dim;
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    /** @return whether the layer normalises with batch statistics */
    public boolean training() {
        return training;
    }

    private void checkShape(NDArray x) {
        Shape shape = x.getShape();
        if ((shape.dimension() != 2 && shape.dimension() != 4) || shape.get(1) != dim) {
            throw new IllegalArgumentException("batch normalization of " + dim + " features expects (batch, " + dim
                    + ") or (batch, " + dim + ", H, W), got " + shape);
        }
    }

    /**
     * The mean of each feature over the batch, and for images over its channel's pixels too: (d). (One axis at a
     * time: the engine's mean takes a single axis; the sizes are equal, so the mean of means is the mean.)
     */
    private static NDArray featureMean(NDArray x) {
        NDArray mean = x.mean(new int[] {0});
        for (int i = 1; i < x.getShape().dimension() - 1; i++) {
            mean = mean.mean(new int[] {1});
        }
        return mean;
    }

    /** Views a per-feature vector (d) so that it broadcasts against x. */
    private NDArray perFeature(NDArray v, NDArray x) {
        return x.getShape().dimension() == 4 ? v.reshape(1, dim, 1, 1) : v;
    }

    /** @return the positions that share a feature's affine map in one example: H·W for images, else 1 */
    private static long positions(NDArray x) {
        Shape shape = x.getShape();
        return shape.dimension() == 4 ? shape.get(2) * shape.get(3) : 1;
    }

    /** @return [mean, biased variance] of each feature over the batch (and the pixels), each (d) */
    private NDArray[] batchStatistics(NDArray x) {
        NDArray mean = featureMean(x);
        NDArray variance = featureMean(x.sub(perFeature(mean, x)).square());
        return new NDArray[] {mean, variance};
    }

    @Override
    public Result forward(NDArray x, NDArray context) {
        checkShape(x);
        NDArray mean;
        NDArray variance;
        if (training) {
            NDArray[] stats = batchStatistics(x);
            mean = stats[0];
            variance = stats[1];
            updateRunningAverages(mean, variance);
        } else {
            mean = runningMean;
            variance = runningVar;
        }
        NDArray logScale = logGamma.sub(Tensors.scale(variance.add(epsilon).log(), 0.5)); // log γ − ½ log(v + ε)
        NDArray y =
                x.sub(perFeature(mean, x)).mul(perFeature(logScale.exp(), x)).add(perFeature(beta, x)); // eq. 22
        NDArray logDet = Tensors.scale(logScale.sum(), positions(x))
                .broadcast(new Shape(x.getShape().get(0)));
        return new Result(y, logDet);
    }

    /** x = (y − β) ⊙ √(v + ε) / γ + m with the running averages. */
    @Override
    public NDArray inverse(NDArray y, NDArray context) {
        checkShape(y);
        NDArray logStd = Tensors.scale(runningVar.add(epsilon).log(), 0.5);
        return y.sub(perFeature(beta, y))
                .mul(perFeature(logStd.sub(logGamma).exp(), y))
                .add(perFeature(runningMean, y));
    }

    /** Sets the running averages to the batch's mean and variance. */
    @Override
    public void initialize(NDArray x, NDArray context) {
        checkShape(x);
        NDArray[] stats = batchStatistics(x.stopGradient());
        params.assign(runningMean, stats[0]);
        params.assign(runningVar, stats[1]);
    }

    private void updateRunningAverages(NDArray mean, NDArray variance) {
        blend(runningMean, mean);
        blend(runningVar, variance);
    }

    /** running ← momentum · running + (1 − momentum) · batch, in place; the temporaries are freed here. */
    private void blend(NDArray running, NDArray batch) {
        try (NDArray kept = Tensors.scale(running, momentum);
                NDArray detached = batch.stopGradient();
                NDArray updated = Tensors.scale(detached, 1 - momentum).addi(kept)) {
            params.assign(running, updated);
        }
    }
}
