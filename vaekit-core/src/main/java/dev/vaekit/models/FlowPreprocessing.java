package dev.vaekit.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * What a stand-alone flow does to the data before its first layer, with the log-determinant that keeps the likelihood
 * exact ({@link FlowModel}). On continuous data: nothing. On 8-bit data v/255: uniform dequantization
 * y = (k + u)/256 with k = 255·v, charged −log 256 per feature (the conversion from a density on [0, 1)^D to the
 * probability of a bin of side 1/256), then the architecture's map to the real line:
 *
 * <ul>
 *   <li>RealNVP and MAF: the logit t(y) = logit(α + (1 − 2α) y) with α = 0.05 (Dinh et al. 2017, §4.1), whose
 *       log-derivative per feature is log(1 − 2α) − log s − log(1 − s) for s = α + (1 − 2α) y;
 *   <li>Glow: t(y) = y − ½ (Kingma &amp; Dhariwal 2018, code), derivative 1;
 *   <li>NICE: t(y) = y (Dinh et al. 2015 model the dequantized [0, 1] values directly), derivative 1.
 * </ul>
 */
final class FlowPreprocessing {
    /** RealNVP's α: keeps the logit away from ±∞ at y = 0 and 1. */
    static final float ALPHA = 0.05f;

    private static final double LOG_256 = Math.log(256);

    private enum Transform {
        IDENTITY,
        LOGIT,
        SHIFT
    }

    /**
     * @param output t(y), shape (batch, d)
     * @param logDet per example: Σ log |dt/dy| − d log 256 for 8-bit data, 0 for continuous data; shape (batch)
     */
    record Result(NDArray output, NDArray logDet) {}

    private final boolean dequantize;
    private final Transform transform;

    private FlowPreprocessing(boolean dequantize, Transform transform) {
        this.dequantize = dequantize;
        this.transform = transform;
    }

    /** @return the preprocessing of a flow config */
    static FlowPreprocessing of(ModelConfig config) {
        if (!config.dequantize()) {
            return new FlowPreprocessing(false, Transform.IDENTITY);
        }
        return new FlowPreprocessing(
                true,
                switch (config.type()) {
                    case "realnvp", "maf" -> Transform.LOGIT;
                    case "glow" -> Transform.SHIFT;
                    default -> Transform.IDENTITY;
                });
    }

    /**
     * @param x data v ∈ [0, 1], shape (batch, d)
     * @param random draw u ~ U[0, 1) (training, likelihoods); false puts u = ½, the centre of each bin (codes)
     * @return t(y) and its log-determinant
     */
    Result forward(NDArray x, boolean random) {
        long batch = x.getShape().get(0);
        long d = x.getShape().get(1);
        if (!dequantize) {
            return new Result(x, x.getManager().zeros(new Shape(batch)));
        }
        NDArray levels = x.mul(255f).round();
        NDArray u = random
                ? x.getManager().randomUniform(0f, 1f, x.getShape())
                : x.onesLike().mul(0.5f);
        NDArray y = levels.add(u).div(256f);
        NDArray logDet = x.getManager().full(new Shape(batch), (float) (-d * LOG_256));
        return switch (transform) {
            case IDENTITY -> new Result(y, logDet);
            case SHIFT -> new Result(y.sub(0.5f), logDet);
            case LOGIT -> {
                NDArray s = y.mul(1 - 2 * ALPHA).add(ALPHA);
                NDArray logS = s.log();
                NDArray log1mS = s.neg().add(1f).log();
                NDArray perFeature = log1mS.add(logS).neg().add((float) Math.log(1 - 2 * ALPHA));
                yield new Result(logS.sub(log1mS), logDet.add(perFeature.sum(new int[] {1})));
            }
        };
    }

    /**
     * Inverts {@link #forward}: t⁻¹, then the 8-bit value whose bin y falls in, as v = k/255.
     *
     * @param t values on the flow's side, shape (n, d)
     * @return data, shape (n, d)
     */
    NDArray inverse(NDArray t) {
        if (!dequantize) {
            return t;
        }
        NDArray y =
                switch (transform) {
                    case IDENTITY -> t;
                    case SHIFT -> t.add(0.5f);
                    case LOGIT -> Activation.sigmoid(t).sub(ALPHA).div(1 - 2 * ALPHA);
                };
        return y.mul(256f).floor().clip(0f, 255f).div(255f);
    }
}
