package dev.vaekit.flows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;

/**
 * What a flow does to 8-bit data before its first layer, with the log-determinant that keeps the likelihood exact
 * and comparable across models as bits/dim.
 *
 * <p>vaekit's datasets hold pixel values v ∈ [0, 1] as v = x/255 (binarization {@code none}); the 8-bit value is
 * recovered as x = round(255 v) ∈ {0, …, 255}. Then:
 *
 * <ol>
 *   <li><b>Uniform dequantization</b> (Theis et al. 2016, §3.1): y = (x + u)/256 with u ~ U[0, 1)^D, so y ∈ [0, 1)^D
 *       and the bins [x/256, (x + 1)/256) tile the cube;
 *   <li><b>a transform to the flow's domain</b> y' = t(y) ({@link Transform}): none; RealNVP's logit
 *       y' = logit(α + (1 − 2α) y) with α = 0.05 (Dinh et al. 2017, §4.1); or Glow's shift y' = y − ½.
 * </ol>
 *
 * <p><b>Bits/dim.</b> A flow with base p_Z gives a density p_model(y') of y'; by the change of variables the density of
 * y is p_Y(y) = p_model(y') · |det ∂y'/∂y|. The probability of the 8-bit image x is the mass p_Y puts on its bin,
 * a cube of side 1/256 and volume 256^(−D):
 *
 * <pre>
 *   P(x) = ∫_{[0,1)^D} p_Y((x + u)/256) · 256^(−D) du
 *   log P(x) ≥ E_u[ log p_Y((x + u)/256) ] − D·log 256                          (Jensen's inequality)
 *            = E_u[ log p_model(y') + log |det ∂y'/∂y| ] − D·log 256,
 * </pre>
 *
 * and bits/dim, −log₂ P(x)/D, is bounded above, in expectation over u, by the one-draw estimate
 *
 * <pre>
 *   bits/dim = (−log p_model(y') − log |det ∂y'/∂y| + D·log 256) / (D·ln 2),
 * </pre>
 *
 * where the D·log 256 term converts the density of y on [0, 1]^D into the probability mass of the 8-bit x
 * (Theis et al. 2016, §3.1; the convention of the RealNVP and Glow papers). {@link #forward} returns y' together
 * with log |det ∂y'/∂y| − D·log 256 per example, so that log p_model(y') + that term is the bound on log P(x) in nats
 * and {@link #bitsPerDim} turns it into bits/dim. A model that is uniform on [0, 1]^D (p_Y = 1) scores exactly 8.
 *
 * <p>The logit's log-Jacobian per feature: with s = α + (1 − 2α) y, dy'/dy = (1 − 2α) / (s (1 − s)), so
 * log |dy'/dy| = log(1 − 2α) − log s − log(1 − s).
 */
public final class Dequantization {
    /** RealNVP's α: keeps the logit away from ±∞ at y = 0 and y = 1. */
    public static final float ALPHA = 0.05f;

    /** The number of levels of an 8-bit value. */
    public static final int LEVELS = 256;

    private static final double LN_2 = Math.log(2);

    /** The map from the dequantized y ∈ [0, 1) to the flow's input y'. */
    public enum Transform {
        /** y' = y (NICE models the dequantized values directly). */
        NONE,
        /** y' = logit(α + (1 − 2α) y), α = 0.05 (RealNVP, MAF). */
        LOGIT,
        /** y' = y − ½ (Glow's code), Jacobian 1. */
        SHIFT
    }

    /**
     * y' and the per-example log-determinant charged for it.
     *
     * @param output y' = t(y), the shape of the input
     * @param logDet log |det ∂y'/∂y| − D·log 256 per example, shape (batch)
     */
    public record Result(NDArray output, NDArray logDet) {}

    private final Transform transform;

    /** @param transform the map to the flow's domain */
    public Dequantization(Transform transform) {
        this.transform = transform;
    }

    /** @return the map to the flow's domain */
    public Transform transform() {
        return transform;
    }

    /**
     * @param v data as vaekit holds it, x/255 ∈ [0, 1], shape (batch, ...)
     * @return the 8-bit values x = round(255 v) as floats, same shape
     */
    public static NDArray levels(NDArray v) {
        return Tensors.scale(v, 255).round().clip(0f, 255f);
    }

    /**
     * Dequantizes and transforms a batch.
     *
     * @param v data x/255, shape (batch, ...)
     * @param random draw u ~ U[0, 1) (training, likelihoods); false puts u = ½, the centre of each bin (codes)
     * @return y' and log |det ∂y'/∂y| − D·log 256 per example
     */
    public Result forward(NDArray v, boolean random) {
        long batch = v.getShape().get(0);
        long d = v.getShape().size() / batch;
        NDArray u = random ? v.getManager().randomUniform(0f, 1f, v.getShape()) : Tensors.scale(v.onesLike(), 0.5);
        NDArray y = Tensors.divide(levels(v).add(u), LEVELS);
        NDArray logDet = v.getManager().full(new Shape(batch), (float) (-d * Math.log(LEVELS)));
        return switch (transform) {
            case NONE -> new Result(y, logDet);
            case SHIFT -> new Result(y.sub(0.5f), logDet);
            case LOGIT -> {
                NDArray s = Tensors.scale(y, 1 - 2 * ALPHA).add(ALPHA);
                NDArray logS = s.log();
                NDArray log1mS = s.neg().add(1f).log();
                // log |dy'/dy| = log(1 − 2α) − log s − log(1 − s), per feature
                NDArray perFeature = log1mS.add(logS).neg().add((float) Math.log(1 - 2 * ALPHA));
                yield new Result(
                        logS.sub(log1mS),
                        logDet.add(perFeature.reshape(batch, -1).sum(new int[] {1})));
            }
        };
    }

    /**
     * Inverts {@link #forward}: t⁻¹, then the 8-bit value whose bin y falls in, returned as x/255 ∈ [0, 1].
     *
     * @param transformed y', shape (n, ...)
     * @return data x/255, same shape
     */
    public NDArray inverse(NDArray transformed) {
        NDArray y =
                switch (transform) {
                    case NONE -> transformed;
                    case SHIFT -> transformed.add(0.5f);
                    case LOGIT -> Tensors.divide(Activation.sigmoid(transformed).sub(ALPHA), 1 - 2 * ALPHA);
                };
        return Tensors.divide(Tensors.scale(y, LEVELS).floor().clip(0f, 255f), 255);
    }

    /**
     * Converts log-likelihoods of 8-bit data, in nats and including the −D·log 256 of {@link #forward}, to bits/dim:
     * −log P(x) / (D·ln 2).
     *
     * @param logProb log P(x) per example, nats
     * @param dims D, the number of 8-bit values per example
     * @return bits/dim per example
     */
    public static NDArray bitsPerDim(NDArray logProb, long dims) {
        return Tensors.divide(logProb, -dims * LN_2);
    }
}
