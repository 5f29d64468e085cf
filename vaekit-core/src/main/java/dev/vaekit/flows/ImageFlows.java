package dev.vaekit.flows;

import ai.djl.ndarray.types.Shape;
import dev.vaekit.InvalidInputException;
import dev.vaekit.nn.Parameters;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi-scale image flows, built from {@link MultiScale} scales; both take (batch, C, H, W) and output flat codes
 * (batch, C·H·W) for a standard normal base.
 */
public final class ImageFlows {
    private ImageFlows() {}

    /**
     * RealNVP (Dinh et al. 2017, §3.6, §4.1): each scale but the last is three checkerboard couplings, a squeeze,
     * three channel couplings, and a split that factors out half of the channels; the last scale is four
     * checkerboard couplings. Mask parities alternate. Each coupling is preceded by an actnorm, which stands in for
     * the paper's batch normalization. H and W must be divisible by 2^(levels − 1).
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param levels scales, ≥ 1
     * @param hidden channels of the couplings' ResNets
     * @param blocks residual blocks per ResNet
     * @return the flow
     */
    public static FlowLayer realNvp(
            Parameters params, String prefix, int channels, int height, int width, int levels, int hidden, int blocks) {
        checkDivisible("realnvp", height, width, levels - 1);
        return realNvpScale(params, prefix, channels, height, width, levels, hidden, blocks, 0);
    }

    private static FlowLayer realNvpScale(
            Parameters params, String prefix, int c, int h, int w, int levels, int hidden, int blocks, int level) {
        String scale = prefix + "." + level;
        List<FlowLayer> layers = new ArrayList<>();
        boolean last = level == levels - 1;
        int checkerboards = last ? 4 : 3;
        for (int k = 0; k < checkerboards; k++) {
            String name = scale + ".checkerboard." + k;
            layers.add(new ActNorm(params, name + ".norm", c));
            layers.add(
                    new ImageCoupling(params, name, c, h, w, ImageCoupling.Mask.CHECKERBOARD, k % 2, hidden, blocks));
        }
        if (last) {
            return new MultiScale(params, scale, new FlowSequence(layers), c, h, w, false, null);
        }
        layers.add(new Squeeze());
        int c2 = 4 * c;
        for (int k = 0; k < 3; k++) {
            String name = scale + ".channel." + k;
            layers.add(new ActNorm(params, name + ".norm", c2));
            layers.add(new ImageCoupling(
                    params, name, c2, h / 2, w / 2, ImageCoupling.Mask.CHANNEL, k % 2, hidden, blocks));
        }
        FlowLayer next = realNvpScale(
                params,
                prefix.replaceFirst("\\.\\d+$", "." + (level + 1)),
                c2 / 2,
                h / 2,
                w / 2,
                levels,
                hidden,
                blocks,
                level + 1);
        return new MultiScale(params, prefix, new FlowSequence(layers), c2, h / 2, w / 2, false, next);
    }

    /**
     * Glow (Kingma &amp; Dhariwal 2018, figure 2): each level is a squeeze and {@code steps} steps of actnorm →
     * invertible 1 × 1 convolution → affine coupling (channel mask, zero-initialised last convolution), then, except
     * at the last level, a split with a learned conditional prior; the last level ends with a learned top prior.
     * H and W must be divisible by 2^levels.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param levels L ≥ 1
     * @param steps K ≥ 1 per level
     * @param hidden channels of the couplings' networks
     * @return the flow
     */
    public static FlowLayer glow(
            Parameters params, String prefix, int channels, int height, int width, int levels, int steps, int hidden) {
        checkDivisible("glow", height, width, levels);
        return glowLevel(params, prefix, channels, height, width, levels, steps, hidden, 0);
    }

    private static FlowLayer glowLevel(
            Parameters params, String prefix, int c, int h, int w, int levels, int steps, int hidden, int level) {
        String name = prefix + "." + level;
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(new Squeeze());
        int c2 = 4 * c;
        int h2 = h / 2;
        int w2 = w / 2;
        for (int k = 0; k < steps; k++) {
            String step = name + ".step." + k;
            layers.add(new ActNorm(params, step + ".norm", c2));
            layers.add(new InvertibleConv1x1(params, step + ".mix", c2, step.hashCode()));
            layers.add(new ImageCoupling(
                    params, step + ".coupling", c2, h2, w2, ImageCoupling.Mask.CHANNEL, 0, hidden, 0));
        }
        if (level == levels - 1) {
            layers.add(new LearnedPrior(params, name + ".top", new Shape(c2, h2, w2)));
            return new MultiScale(params, name, new FlowSequence(layers), c2, h2, w2, true, null);
        }
        FlowLayer next = glowLevel(params, prefix, c2 / 2, h2, w2, levels, steps, hidden, level + 1);
        return new MultiScale(params, name, new FlowSequence(layers), c2, h2, w2, true, next);
    }

    private static void checkDivisible(String type, int height, int width, int halvings) {
        int factor = 1 << halvings;
        if (height % factor != 0 || width % factor != 0) {
            throw new InvalidInputException("model.flowLevels: a " + type + " with these levels halves the image "
                    + halvings + " times, so its height and width must be divisible by " + factor + "; got "
                    + height + "x" + width);
        }
    }
}
