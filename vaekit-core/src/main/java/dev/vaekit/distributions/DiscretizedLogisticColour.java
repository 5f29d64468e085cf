package dev.vaekit.distributions;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import dev.vaekit.engine.Tensors;

/**
 * The discretized logistic mixture of Salimans et al. 2017 (PixelCNN++, section 2.2, eq. 3) over the three 8-bit colours
 * of a pixel, (r, g, b) in raster order within the pixel: one mixture indicator k for the whole pixel, and within
 * component k the colours one after another, each a discretized logistic ({@link DiscretizedLogistic}, eq. 2) whose
 * mean depends linearly on the colours before it,
 *
 * <pre>
 *   p(r, g, b) = Σ_k π_k · P(r | μ_{r,k}, s_{r,k}) · P(g | μ_{g,k} + α_k r, s_{g,k}) · P(b | μ_{b,k} + β_k r + γ_k g, s_{b,k})
 * </pre>
 *
 * with r, g, b and the means in the paper's [−1, 1] units (y = 2x − 1) and α, β, γ the tanh of the network's outputs,
 * as in the PixelCNN++ code. For each k and each (r, g) the three factors are distributions over the 256 levels of their
 * colour, so the 256³ colours' probabilities sum to 1; the same holds when a network computes the parameters of g from
 * r and those of b from r and g (a colour PixelCNN), as long as π and the parameters of r do not read the pixel.
 *
 * <p>Shapes: the colours of a pixel are on axis −2 and the m pixels on axis −1: x is (..., 3, m); the weight logits
 * (..., K, m); means, log-scales and coefficients (..., K, 3, m), the coefficient of colour 0 being α (g on r), of
 * colour 1 β (b on r) and of colour 2 γ (b on g), PixelCNN++'s order.
 */
public final class DiscretizedLogisticColour {
    /** The colours of a pixel. */
    public static final int COLOURS = 3;

    private DiscretizedLogisticColour() {}

    /**
     * The means of eq. 3 given the colours before each: μ_r, μ_g + α r, μ_b + β r + γ g.
     *
     * @param y the pixel's colours in [−1, 1] units, shape (..., 1 or K, 3, m); the blue one is not read
     * @param mean μ, shape (..., K, 3, m)
     * @param coefficients the raw coefficients, shape (..., K, 3, m): α, β, γ are their tanh
     * @return the means, shape (..., K, 3, m)
     */
    public static NDArray channelMeans(NDArray y, NDArray mean, NDArray coefficients) {
        int axis = mean.getShape().dimension() - 2;
        NDList means = mean.split(COLOURS, axis);
        NDList c = Activation.tanh(coefficients).split(COLOURS, axis);
        NDList ys = y.split(COLOURS, colourAxis(y));
        NDArray green = means.get(1).add(c.get(0).mul(ys.get(0)));
        NDArray blue = means.get(2).add(c.get(1).mul(ys.get(0))).add(c.get(2).mul(ys.get(1)));
        // red has the parameters' shape, green and blue the broadcast of the parameters and the colours
        return NDArrays.concat(new NDList(means.get(0).broadcast(green.getShape()), green, blue), axis);
    }

    /**
     * log P(x_c | component k, x_&lt;c) of every colour and component: eq. 2 with one component at the means of eq. 3.
     *
     * @param x colours in [0, 1], multiples of 1/255, shape (..., 3, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param logScale log s, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @return shape (..., K, 3, m)
     */
    public static NDArray componentLogProbs(NDArray x, NDArray mean, NDArray logScale, NDArray coefficients) {
        NDArray perComponent = x.expandDims(-3);
        NDArray y = Tensors.scale(perComponent, 2).sub(1f);
        return DiscretizedLogistic.logProbPerFeature(perComponent, channelMeans(y, mean, coefficients), logScale);
    }

    /**
     * log p(r, g, b) of eq. 3 per pixel: log Σ_k exp(log softmax(w)_k + Σ_c log P(x_c | k, x_&lt;c)).
     *
     * @param x colours in [0, 1], multiples of 1/255, shape (..., 3, m)
     * @param weightLogits w, shape (..., K, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param logScale log s, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @return shape (..., m)
     */
    public static NDArray logProbPerPixel(
            NDArray x, NDArray weightLogits, NDArray mean, NDArray logScale, NDArray coefficients) {
        NDArray perColour = componentLogProbs(x, mean, logScale, coefficients);
        NDArray joint = perColour.sum(new int[] {-2}).add(weightLogits.logSoftmax(-2));
        return Tensors.logSumExp(joint, -2, false);
    }

    /**
     * The unnormalised log weights of the components given the colours before c of the pixel: log π_k + Σ_{c' &lt; c}
     * log P(x_c' | k, x_&lt;c'), i.e. log p(k | x_&lt;c) up to a constant per pixel; for c = 0 the log prior weights.
     *
     * @param x colours in [0, 1], shape (..., 3, m); those from c on are not read
     * @param weightLogits w, shape (..., K, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param logScale log s, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @param colour c, in [0, 3)
     * @return shape (..., K, m)
     */
    public static NDArray componentLogits(
            NDArray x, NDArray weightLogits, NDArray mean, NDArray logScale, NDArray coefficients, int colour) {
        checkColour(colour);
        NDArray logits = weightLogits.logSoftmax(-2);
        if (colour == 0) {
            return logits;
        }
        NDArray all = componentLogProbs(x, mean, logScale, coefficients);
        NDList perColour = all.split(COLOURS, colourAxis(all));
        for (int c = 0; c < colour; c++) {
            logits = logits.add(dropColourAxis(perColour.get(c)));
        }
        return logits;
    }

    /**
     * log p(x_c | x_&lt;c) per pixel, the factor of colour c in p(r, g, b) = p(r) p(g | r) p(b | r, g): a mixture of the
     * components' discretized logistics for colour c weighted by p(k | x_&lt;c).
     *
     * @param x colours in [0, 1], multiples of 1/255, shape (..., 3, m); those after c are not read
     * @param weightLogits w, shape (..., K, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param logScale log s, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @param colour c, in [0, 3)
     * @return shape (..., m)
     */
    public static NDArray colourLogProb(
            NDArray x, NDArray weightLogits, NDArray mean, NDArray logScale, NDArray coefficients, int colour) {
        NDArray before = componentLogits(x, weightLogits, mean, logScale, coefficients, colour);
        NDArray own = oneColour(componentLogProbs(x, mean, logScale, coefficients), colour);
        return Tensors.logSumExp(before.add(own), -2, false).sub(Tensors.logSumExp(before, -2, false));
    }

    /**
     * Draws colour c of each pixel from p(x_c | x_&lt;c): the component from p(k | x_&lt;c) ({@link #componentLogits},
     * by the Gumbel-max trick), then its discretized logistic at the mean of eq. 3 for the colours before c
     * ({@link DiscretizedLogistic#mixtureSample}). Drawing r, then g given r, then b given r and g draws eq. 3's joint.
     *
     * @param x the colours drawn so far, in [0, 1], shape (..., 3, m); those from c on are not read
     * @param weightLogits w, shape (..., K, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param logScale log s, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @param colour c, in [0, 3)
     * @param componentUniform u_k ~ U(0, 1) for the choice of component, shape (..., K, m)
     * @param uniform u ~ U(0, 1) for the logistic draw, shape (..., m)
     * @return values in [0, 1], multiples of 1/255, shape (..., m)
     */
    public static NDArray sampleColour(
            NDArray x,
            NDArray weightLogits,
            NDArray mean,
            NDArray logScale,
            NDArray coefficients,
            int colour,
            NDArray componentUniform,
            NDArray uniform) {
        NDArray logits = componentLogits(x, weightLogits, mean, logScale, coefficients, colour);
        NDArray y = Tensors.scale(x.expandDims(-3), 2).sub(1f);
        NDArray means = oneColour(channelMeans(y, mean, coefficients), colour);
        NDArray scales = oneColour(logScale, colour);
        return DiscretizedLogistic.mixtureSample(logits, means, scales, componentUniform, uniform);
    }

    /**
     * The mean picture: Σ_k π_k E[x_c | k] per colour with the continuous logistics' means, E[r | k] = μ_r, E[g | k] =
     * μ_g + α E[r | k], E[b | k] = μ_b + β E[r | k] + γ E[g | k] (eq. 3 is linear in the earlier colours), mapped to
     * [0, 1] and clipped as {@link DiscretizedLogistic#mixtureMean} does for one colour.
     *
     * @param weightLogits w, shape (..., K, m)
     * @param mean μ, shape (..., K, 3, m)
     * @param coefficients raw coefficients, shape (..., K, 3, m)
     * @return shape (..., 3, m), in [0, 1]
     */
    public static NDArray mean(NDArray weightLogits, NDArray mean, NDArray coefficients) {
        int axis = mean.getShape().dimension() - 2;
        NDList means = mean.split(COLOURS, axis);
        NDList c = Activation.tanh(coefficients).split(COLOURS, axis);
        NDArray red = means.get(0);
        NDArray green = means.get(1).add(c.get(0).mul(red));
        NDArray blue = means.get(2).add(c.get(1).mul(red)).add(c.get(2).mul(green));
        NDArray perComponent = NDArrays.concat(new NDList(red, green, blue), axis);
        NDArray weights = weightLogits.softmax(-2).expandDims(-2);
        return DiscretizedLogistic.mean(weights.mul(perComponent).sum(new int[] {axis - 1}));
    }

    /** (..., 1, m) → (..., m). */
    private static NDArray dropColourAxis(NDArray oneColour) {
        return oneColour.squeeze(colourAxis(oneColour));
    }

    /** (..., 3, m) → colour c, (..., m). */
    private static NDArray oneColour(NDArray values, int colour) {
        return dropColourAxis(values.split(COLOURS, colourAxis(values)).get(colour));
    }

    private static int colourAxis(NDArray values) {
        return values.getShape().dimension() - 2;
    }

    private static void checkColour(int colour) {
        if (colour < 0 || colour >= COLOURS) {
            throw new IllegalArgumentException("colour must be in [0, 3), got " + colour);
        }
    }
}
