package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;

/**
 * The discretized logistic mixture of Salimans et al. 2017 (PixelCNN++, section 2.1, eq. 2) for 8-bit values: a
 * continuous mixture of logistics ν = Σ_k π_k logistic(μ_k, s_k) whose mass is integrated over the bin of each of the
 * 256 levels, P(x | π, μ, s) = Σ_k π_k [σ((x + ½Δ − μ_k)/s_k) − σ((x − ½Δ − μ_k)/s_k)], with the lowest bin stretched
 * down to −∞ and the highest up to +∞ so that the 256 probabilities sum to 1.
 *
 * <p>Units: observations arrive as vaekit holds pictures, x ∈ [0, 1] in steps of 1/255 (pixel/255). They are mapped
 * to the paper's convention y = 2x − 1 ∈ [−1, 1], with bin half-width ½Δ = 1/255, and μ and log s are read in those
 * units (so log s is clamped below at −7 exactly as in PixelCNN++). {@link #mean} maps back to [0, 1].
 */
public final class DiscretizedLogistic {
    /** Grey levels of 8-bit data. */
    public static final int LEVELS = 256;

    /** log-scales are clamped below here, in [−1, 1] units, as PixelCNN++ does. */
    public static final float MIN_LOG_SCALE = -7f;

    /** Half the width of a bin in [−1, 1] units: 1/255. */
    private static final float HALF_BIN = 1f / (LEVELS - 1);

    /** Below this cdf difference the bin's mass is taken as the density at its centre times its width. */
    private static final float TINY_MASS = 1e-5f;

    /** x (in [−1, 1]) below this is the lowest level, above its negative the highest (PixelCNN++'s ±0.999). */
    private static final float EDGE = 0.999f;

    /** Uniform draws are kept this far from 0 and 1 before a logarithm (as in the PixelCNN++ code). */
    private static final float UNIFORM_MARGIN = 1e-5f;

    private DiscretizedLogistic() {}

    /**
     * log P(x | μ, s) of one discretized logistic per coordinate (eq. 2 with one component), nothing summed.
     *
     * <p>Computed in log space as in the PixelCNN++ code: the lowest level gets log σ(a⁺) = a⁺ − softplus(a⁺), the
     * highest log(1 − σ(a⁻)) = −softplus(a⁻), the others log(σ(a⁺) − σ(a⁻)), where a± = (y ± 1/255 − μ)/s; when that
     * difference is below 1e-5 (a bin far in a tail or a very sharp logistic) the log of the density at the bin
     * centre plus the log of the bin width 2/255 is used instead, which avoids log 0 and its infinite gradient.
     *
     * @param x observations in [0, 1], multiples of 1/255, broadcastable against the parameters
     * @param mean μ in [−1, 1] units
     * @param logScale log s in [−1, 1] units; values below −7 count as −7
     * @return log-probabilities, the broadcast shape of the inputs
     */
    public static NDArray logProbPerFeature(NDArray x, NDArray mean, NDArray logScale) {
        NDArray y = Tensors.scale(x, 2).sub(1f);
        NDArray clamped = Tensors.atLeast(logScale, MIN_LOG_SCALE);
        NDArray inverseScale = clamped.neg().exp();
        NDArray centred = y.sub(mean);
        NDArray upper = centred.add(HALF_BIN).mul(inverseScale);
        NDArray lower = centred.sub(HALF_BIN).mul(inverseScale);
        NDArray logCdfUpper = upper.sub(Activation.softPlus(upper)); // log σ(a⁺), the lowest level
        NDArray logOneMinusCdfLower = Activation.softPlus(lower).neg(); // log(1 − σ(a⁻)), the highest level
        NDArray cdfDelta = Activation.sigmoid(upper).sub(Activation.sigmoid(lower));
        NDArray middle = centred.mul(inverseScale);
        // log density of the logistic at the bin centre, log[e^{−m} / (s (1 + e^{−m})²)] = m − log s − 2 softplus(m)
        NDArray logDensityMiddle = middle.sub(clamped).sub(Tensors.scale(Activation.softPlus(middle), 2));
        NDArray logBinMass = NDArrays.where(
                cdfDelta.gt(TINY_MASS),
                Tensors.atLeast(cdfDelta, 1e-12).log(), // clamped so that the branch not taken has finite gradients too
                logDensityMiddle.add((float) Math.log(2.0 * HALF_BIN)));
        // DJL's where does not broadcast its condition, so the edge masks (of x's shape) are spread to the parameters'
        Shape full = logBinMass.getShape();
        NDArray inner = NDArrays.where(y.gt(EDGE).broadcast(full), logOneMinusCdfLower, logBinMass);
        return NDArrays.where(y.lt(-EDGE).broadcast(full), logCdfUpper, inner);
    }

    /**
     * log P(x | π, μ, s) of the mixture (eq. 2) per coordinate: log Σ_k exp(log softmax(w)_k + log P(x | μ_k, s_k)),
     * the components on axis −2.
     *
     * @param x observations in [0, 1], shape (..., d)
     * @param weightLogits unnormalised log mixture weights w, shape (..., K, d)
     * @param mean μ, shape (..., K, d), in [−1, 1] units
     * @param logScale log s, shape (..., K, d), in [−1, 1] units
     * @return log-probabilities, shape (..., d)
     */
    public static NDArray mixtureLogProbPerFeature(NDArray x, NDArray weightLogits, NDArray mean, NDArray logScale) {
        NDArray perComponent = logProbPerFeature(x.expandDims(-2), mean, logScale);
        return Tensors.logSumExp(weightLogits.logSoftmax(-2).add(perComponent), -2, false);
    }

    /**
     * The mean of one discretized logistic per coordinate in [0, 1] units, (μ + 1)/2 clipped to [0, 1].
     *
     * @param mean μ in [−1, 1] units
     * @return the mean picture
     */
    public static NDArray mean(NDArray mean) {
        return Tensors.scale(mean.add(1f), 0.5).clip(0f, 1f);
    }

    /**
     * The mixture mean Σ_k π_k μ_k in [0, 1] units, clipped to [0, 1].
     *
     * @param weightLogits w, shape (..., K, d)
     * @param mean μ, shape (..., K, d), in [−1, 1] units
     * @return shape (..., d)
     */
    public static NDArray mixtureMean(NDArray weightLogits, NDArray mean) {
        return mean(weightLogits.softmax(-2).mul(mean).sum(new int[] {-2}));
    }

    /**
     * Draws one discretized logistic per coordinate by inversion: y = μ + s (log u − log(1 − u)) is a draw of the
     * continuous logistic, and the level whose bin holds it is the draw of the discretized one (y below the lowest
     * bin's edge is level 0, above the highest's level 255, as eq. 2 stretches the edge bins). u is clamped to
     * [10⁻⁵, 1 − 10⁻⁵] as in the PixelCNN++ code.
     *
     * @param mean μ in [−1, 1] units
     * @param logScale log s in [−1, 1] units; values below −7 count as −7
     * @param uniform u ~ U(0, 1), the shape of μ
     * @return values in [0, 1], multiples of 1/255, the shape of μ
     */
    public static NDArray sample(NDArray mean, NDArray logScale, NDArray uniform) {
        NDArray u = uniform.clip(UNIFORM_MARGIN, 1f - UNIFORM_MARGIN);
        NDArray logit = u.log().sub(u.neg().add(1f).log());
        NDArray y = mean.add(Tensors.atLeast(logScale, MIN_LOG_SCALE).exp().mul(logit));
        return Tensors.divide(
                Tensors.scale(Tensors.scale(y.add(1f), 0.5).clip(0f, 1f), LEVELS - 1)
                        .round(),
                LEVELS - 1);
    }

    /**
     * Draws the mixture per coordinate: the component k with probability softmax(w)_k, chosen as the argmax of
     * w_k + g_k with Gumbel noise g_k = −log(−log u_k) (the Gumbel-max trick, as the PixelCNN++ code samples), then a
     * draw of its discretized logistic ({@link #sample}).
     *
     * @param weightLogits w, shape (..., K, d)
     * @param mean μ, shape (..., K, d), in [−1, 1] units
     * @param logScale log s, shape (..., K, d), in [−1, 1] units
     * @param componentUniform u_k ~ U(0, 1) for the choice of component, shape (..., K, d)
     * @param uniform u ~ U(0, 1) for the logistic draw, shape (..., d)
     * @return values in [0, 1], multiples of 1/255, shape (..., d)
     */
    public static NDArray mixtureSample(
            NDArray weightLogits, NDArray mean, NDArray logScale, NDArray componentUniform, NDArray uniform) {
        int componentAxis = weightLogits.getShape().dimension() - 2;
        long components = weightLogits.getShape().get(componentAxis);
        NDArray u = componentUniform.clip(UNIFORM_MARGIN, 1f - UNIFORM_MARGIN);
        NDArray gumbel = u.log().neg().log().neg();
        NDArray chosen = weightLogits.add(gumbel).argMax(componentAxis).toType(DataType.FLOAT32, false);
        NDArray index = weightLogits.getManager().arange(0f, components, 1f).reshape(components, 1);
        NDArray oneHot = index.eq(chosen.expandDims(componentAxis)).toType(DataType.FLOAT32, false);
        return sample(
                oneHot.mul(mean).sum(new int[] {componentAxis}),
                oneHot.mul(logScale).sum(new int[] {componentAxis}),
                uniform);
    }
}
