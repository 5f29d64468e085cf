package dev.vaekit.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.InvalidInputException;
import java.util.Locale;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2-D convolution every network of vaekit runs (as torch.nn.functional.conv2d, dilation 1, one group), guarded
 * against a fault of libtorch 2.7.1's CPU kernels.
 *
 * <p>On some CPUs (seen 2026-12-03 on an AMD EPYC with AVX-512, and with oneDNN held to AVX2 too) the backward pass
 * of a convolution whose kernel is larger than 1 × 1 returns wrong gradients with respect to its <em>input</em>
 * whenever the number of output channels is not a multiple of 16: NaN or silently wrong values in whole channels,
 * differently from call to call, while the output and the kernel's gradient stay right. (libtorch 1.13 on the same
 * machine is right.) Every coupling network of RealNVP and Glow ends in such a layer (2, 4 or 8 output channels), so
 * there training would go astray. Where the fault is present, a convolution run while autograd records runs with
 * its kernel padded by zero filters to the next multiple of 16 output channels and the extra channels cut off again:
 * the same function with the same gradients, computed by a path that is right, at the price of the padding's work.
 *
 * <p>Whether the fault is present is measured once per process, on first use: a few small convolutions' input
 * gradients in float against the same in double precision (which libtorch computes by another path). The
 * environment variable {@code VAEKIT_CONV_PADDING} overrides that: {@code always}, {@code never} or {@code auto}
 * (the default).
 */
public final class Convolutions {
    private static final Logger LOG = LoggerFactory.getLogger(Convolutions.class);

    /** Output channels are padded to a multiple of this where the fault is present. */
    static final int CHANNEL_MULTIPLE = 16;

    private static final Shape ONE = new Shape(1, 1);

    /** The setting {@code VAEKIT_CONV_PADDING}. */
    public enum Padding {
        /** Pad where the probe finds the fault. */
        AUTO,
        /** Always pad (for tests, or a machine where the probe is not trusted). */
        ALWAYS,
        /** Never pad. */
        NEVER;

        static Padding parse(String text) {
            if (text == null || text.isBlank()) {
                return AUTO;
            }
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "VAEKIT_CONV_PADDING must be auto, always or never, got '" + text + "'");
            }
        }
    }

    private Convolutions() {}

    /** Whether to pad, decided on first use (null until then). */
    private static volatile Boolean pad;

    private static boolean decide() {
        Padding setting = Padding.parse(System.getenv("VAEKIT_CONV_PADDING"));
        boolean padded =
                switch (setting) {
                    case ALWAYS -> true;
                    case NEVER -> false;
                    case AUTO -> inputGradientsAreWrong();
                };
        if (padded && setting == Padding.AUTO) {
            LOG.info(
                    "this CPU's convolution kernels give wrong input gradients unless the output channels are a"
                            + " multiple of {}; vaekit pads them (VAEKIT_CONV_PADDING=never turns this off)",
                    CHANNEL_MULTIPLE);
        }
        return padded;
    }

    /**
     * @return whether convolutions run while autograd records are padded to {@value #CHANNEL_MULTIPLE}·k output
     *     channels in this process
     * @throws InvalidInputException if {@code VAEKIT_CONV_PADDING} holds something else than auto, always or never
     */
    public static boolean padsOutputChannels() {
        Boolean decided = pad;
        if (decided == null) {
            synchronized (Convolutions.class) {
                if (pad == null) {
                    pad = decide();
                }
                decided = pad;
            }
        }
        return decided;
    }

    /**
     * y = x ⋆ kernel + bias.
     *
     * @param x images, shape (n, in, h, w)
     * @param kernel shape (out, in, kh, kw)
     * @param bias shape (out), or null
     * @param stride (sh, sw)
     * @param padding zeros added on each side, (ph, pw)
     * @return shape (n, out, h', w')
     */
    public static NDArray conv2d(NDArray x, NDArray kernel, NDArray bias, Shape stride, Shape padding) {
        return conv2d(x, kernel, bias, stride, padding, padsOutputChannels());
    }

    /** {@link #conv2d(NDArray, NDArray, NDArray, Shape, Shape)}, padding where needed if {@code padChannels}. */
    static NDArray conv2d(NDArray x, NDArray kernel, NDArray bias, Shape stride, Shape padding, boolean padChannels) {
        Shape k = kernel.getShape();
        long out = k.get(0);
        long missing = (CHANNEL_MULTIPLE - out % CHANNEL_MULTIPLE) % CHANNEL_MULTIPLE;
        boolean pad = padChannels
                && missing > 0
                && k.get(2) * k.get(3) > 1
                && JniUtils.isGradMode(); // (requiresGrad is no test: libtorch through DJL says false for results)
        if (!pad) {
            return JniUtils.convolution((PtNDArray) x, (PtNDArray) kernel, (PtNDArray) bias, stride, padding, ONE, 1);
        }
        // zero filters after the last (the pad list runs from the last axis to the first, a pair per axis)
        NDArray wide = JniUtils.pad((PtNDArray) kernel, new long[] {0, 0, 0, 0, 0, 0, 0, missing}, 0);
        NDArray wideBias = bias == null ? null : JniUtils.pad((PtNDArray) bias, new long[] {0, missing}, 0);
        NDArray y =
                JniUtils.convolution((PtNDArray) x, (PtNDArray) wide, (PtNDArray) wideBias, stride, padding, ONE, 1);
        return y.split(new long[] {out}, 1).get(0);
    }

    /**
     * The probe: input gradients of 3 × 3 convolutions with 4 and 12 output channels, in float against double.
     * Drawn from a Java generator, so that libtorch's seeded generator is not advanced.
     */
    static boolean inputGradientsAreWrong() {
        Engines.engine(); // loads the natives
        boolean gradMode = JniUtils.isGradMode();
        try (NDManager manager = Engines.newManager()) {
            JniUtils.setGradMode(true);
            SplittableRandom random = new SplittableRandom(20261203);
            for (int trial = 0; trial < 4; trial++) {
                int out = trial % 2 == 0 ? 4 : 12;
                float[] xs = normals(random, 8 * 32 * 14 * 14, 1);
                float[] ws = normals(random, out * 32 * 9, 0.1);
                float[] gs = normals(random, 8 * out * 14 * 14, 1);
                double[] single = inputGradient(manager, xs, ws, gs, out, DataType.FLOAT32);
                double[] reference = inputGradient(manager, xs, ws, gs, out, DataType.FLOAT64);
                double scale = 0;
                for (double r : reference) {
                    scale = Math.max(scale, Math.abs(r));
                }
                for (int i = 0; i < reference.length; i++) {
                    if (!(Math.abs(single[i] - reference[i]) <= 1e-4 * scale)) { // also true for NaN
                        return true;
                    }
                }
            }
            return false;
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private static float[] normals(SplittableRandom random, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Box–Muller, one of the pair
            v[i] = (float) (scale
                    * Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                    * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }

    /** ∂(Σ g ⊙ (x ⋆ w))/∂x for x (8, 32, 14, 14), w (out, 32, 3, 3), padding 1, computed in {@code type}. */
    private static double[] inputGradient(
            NDManager manager, float[] xs, float[] ws, float[] gs, int out, DataType type) {
        NDArray x = manager.create(xs, new Shape(8, 32, 14, 14)).toType(type, false);
        NDArray w = manager.create(ws, new Shape(out, 32, 3, 3)).toType(type, false);
        NDArray g = manager.create(gs, new Shape(8, out, 14, 14)).toType(type, false);
        x.setRequiresGradient(true);
        NDArray y = JniUtils.convolution((PtNDArray) x, (PtNDArray) w, null, ONE, ONE, ONE, 1);
        JniUtils.backward((PtNDArray) y, (PtNDArray) g, false, false);
        return x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
