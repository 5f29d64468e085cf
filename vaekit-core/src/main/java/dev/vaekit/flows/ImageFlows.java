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
     * The settings of {@link #realNvp(Parameters, String, int, int, int, RealNvpOptions)}.
     *
     * @param levels scales, ≥ 1
     * @param hidden channels of the couplings' ResNets, ≥ 1
     * @param blocks residual blocks per ResNet, ≥ 0
     * @param scaling how the couplings bound their log-scale ({@link ImageCoupling.Scale#TANH} as in the paper)
     * @param normalization the layer in front of each coupling: {@link FlowNormalization#ACTNORM} by default, {@link
     *     FlowNormalization#BATCHNORM} as in the paper
     */
    public record RealNvpOptions(
            int levels, int hidden, int blocks, ImageCoupling.Scale scaling, FlowNormalization normalization) {
        /** Validates the settings. */
        public RealNvpOptions {
            check("realnvp", levels, hidden);
            if (blocks < 0) {
                throw new InvalidInputException("realnvp: residual blocks must be >= 0, got " + blocks);
            }
            if (scaling == null || normalization == null) {
                throw new InvalidInputException("realnvp: the coupling scaling or the normalization is missing");
            }
        }

        /** Actnorm in front of each coupling. */
        public RealNvpOptions(int levels, int hidden, int blocks, ImageCoupling.Scale scaling) {
            this(levels, hidden, blocks, scaling, FlowNormalization.ACTNORM);
        }
    }

    /**
     * The settings of {@link #glow(Parameters, String, int, int, int, GlowOptions)}.
     *
     * @param levels L ≥ 1
     * @param steps K ≥ 1 per level
     * @param hidden channels of the couplings' networks, ≥ 1 (512 in the paper)
     * @param scaling how the couplings bound their log-scale ({@link ImageCoupling.Scale#SIGMOID} is Glow's code,
     *     {@link ImageCoupling.Scale#ADDITIVE} the paper's additive variant)
     */
    public record GlowOptions(int levels, int steps, int hidden, ImageCoupling.Scale scaling) {
        /** Validates the settings. */
        public GlowOptions {
            check("glow", levels, hidden);
            if (steps < 1) {
                throw new InvalidInputException("glow: steps per level must be >= 1, got " + steps);
            }
            if (scaling == null) {
                throw new InvalidInputException("glow: the coupling scaling is missing");
            }
        }
    }

    private static void check(String type, int levels, int hidden) {
        if (levels < 1) {
            throw new InvalidInputException(type + ": levels must be >= 1, got " + levels);
        }
        if (hidden < 1) {
            throw new InvalidInputException(type + ": hidden channels must be >= 1, got " + hidden);
        }
    }

    /**
     * RealNVP (Dinh et al. 2017, §3.6, §4.1): each scale but the last is three checkerboard couplings, a squeeze,
     * three channel couplings, and a split that factors out half of the channels; the last scale is four
     * checkerboard couplings. Mask parities alternate. Each coupling is preceded by an actnorm, which stands in for
     * the paper's batch normalization ({@link RealNvpOptions#normalization} chooses). H and W must be divisible by 2^(levels − 1).
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
        return realNvp(
                params,
                prefix,
                channels,
                height,
                width,
                new RealNvpOptions(levels, hidden, blocks, ImageCoupling.Scale.TANH));
    }

    /**
     * RealNVP as {@link #realNvp(Parameters, String, int, int, int, int, int, int)} describes, with its settings in
     * a record. The output is flat, (batch, C·H·W), laid out as {@link MultiScale} describes: the half factored out
     * at scale 0, then at scale 1, …, then the last scale's tensor.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param options levels, conditioner size, scaling
     * @return the flow
     */
    public static FlowLayer realNvp(
            Parameters params, String prefix, int channels, int height, int width, RealNvpOptions options) {
        checkDivisible("realnvp", height, width, options.levels() - 1);
        return realNvpScale(params, prefix, channels, height, width, options, 0);
    }

    private static FlowLayer realNvpScale(
            Parameters params, String prefix, int c, int h, int w, RealNvpOptions options, int level) {
        int levels = options.levels();
        int hidden = options.hidden();
        int blocks = options.blocks();
        ImageCoupling.Scale scaling = options.scaling();
        String scale = prefix + "." + level;
        List<FlowLayer> layers = new ArrayList<>();
        boolean last = level == levels - 1;
        int checkerboards = last ? 4 : 3;
        for (int k = 0; k < checkerboards; k++) {
            String name = scale + ".checkerboard." + k;
            options.normalization().addTo(layers, params, name + ".norm", c);
            layers.add(new ImageCoupling(
                    params, name, c, h, w, ImageCoupling.Mask.CHECKERBOARD, k % 2, hidden, blocks, scaling));
        }
        if (last) {
            return new MultiScale(params, scale, new FlowSequence(layers), c, h, w, false, null);
        }
        layers.add(new Squeeze());
        int c2 = 4 * c;
        for (int k = 0; k < 3; k++) {
            String name = scale + ".channel." + k;
            options.normalization().addTo(layers, params, name + ".norm", c2);
            layers.add(new ImageCoupling(
                    params, name, c2, h / 2, w / 2, ImageCoupling.Mask.CHANNEL, k % 2, hidden, blocks, scaling));
        }
        FlowLayer next = realNvpScale(params, prefix, c2 / 2, h / 2, w / 2, options, level + 1);
        return new MultiScale(params, prefix, new FlowSequence(layers), c2, h / 2, w / 2, false, next);
    }

    /**
     * Glow (Kingma &amp; Dhariwal 2018, figure 2): each level is a squeeze and {@code steps} steps of actnorm →
     * invertible 1 × 1 convolution → affine coupling ({@link GlowCoupling}, with Glow's sigmoid scale), then, except
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
        return glow(
                params,
                prefix,
                channels,
                height,
                width,
                new GlowOptions(levels, steps, hidden, ImageCoupling.Scale.SIGMOID));
    }

    /**
     * Glow as {@link #glow(Parameters, String, int, int, int, int, int, int)} describes, with its settings in a
     * record. The output is flat, (batch, C·H·W), laid out as {@link MultiScale} describes: the half factored out at
     * level 0 (after its learned prior), then at level 1, …, then the last level's tensor after the top prior.
     *
     * @param params where the parameters are created
     * @param prefix their name prefix
     * @param channels C
     * @param height H
     * @param width W
     * @param options levels, steps, conditioner width, scaling
     * @return the flow
     */
    public static FlowLayer glow(
            Parameters params, String prefix, int channels, int height, int width, GlowOptions options) {
        checkDivisible("glow", height, width, options.levels());
        return glowLevel(params, prefix, channels, height, width, options, 0);
    }

    private static FlowLayer glowLevel(
            Parameters params, String prefix, int c, int h, int w, GlowOptions options, int level) {
        int levels = options.levels();
        String name = prefix + "." + level;
        List<FlowLayer> layers = new ArrayList<>();
        layers.add(new Squeeze());
        int c2 = 4 * c;
        int h2 = h / 2;
        int w2 = w / 2;
        for (int k = 0; k < options.steps(); k++) {
            String step = name + ".step." + k;
            layers.add(new ActNorm(params, step + ".norm", c2));
            layers.add(new InvertibleConv1x1(params, step + ".mix", c2, step.hashCode()));
            layers.add(new GlowCoupling(params, step + ".coupling", c2, options.hidden(), options.scaling()));
        }
        if (level == levels - 1) {
            layers.add(new LearnedPrior(params, name + ".top", new Shape(c2, h2, w2)));
            return new MultiScale(params, name, new FlowSequence(layers), c2, h2, w2, true, null);
        }
        FlowLayer next = glowLevel(params, prefix, c2 / 2, h2, w2, options, level + 1);
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
