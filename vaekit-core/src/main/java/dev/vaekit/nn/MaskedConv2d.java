package dev.vaekit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.vaekit.engine.Convolutions;

/**
 * A 2-D convolution of stride 1 whose k × k kernel is multiplied by a fixed binary mask, so that each output pixel
 * sees only input pixels that come before it in raster order (row by row, each row left to right): the masked
 * convolution of van den Oord et al. 2016, "Pixel Recurrent Neural Networks", §3.4. A mask of type A excludes the
 * centre pixel, type B includes it: the first layer, which reads the image itself, is of type A; the layers after it
 * read features that already exclude the centre's own value, so they may include the centre (type B).
 *
 * <p>Three {@link Region}s of the k × k window are offered:
 *
 * <ul>
 *   <li>{@link Region#RASTER}: the rows above the centre and, in the centre's row, the pixels left of it: PixelCNN's
 *       mask. Stacked, it leaves a blind spot above and to the right of each pixel (van den Oord et al. 2016,
 *       "Conditional Image Generation with PixelCNN Decoders", §2.2, fig. 1).
 *   <li>{@link Region#VERTICAL}: the rows above the centre; type B adds the whole centre row. The vertical stack of
 *       the Gated PixelCNN (same paper, §2.2, fig. 2), which has no blind spot. Type B may read the centre row
 *       right of the centre because it is only applied to vertical-stack features, which at any row carry the rows
 *       above it alone.
 *   <li>{@link Region#HORIZONTAL}: the pixels left of the centre in its row: the Gated PixelCNN's horizontal stack.
 * </ul>
 *
 * For either type, the vertical type-A region and the horizontal region together are the raster region.
 *
 * <p>Only the taps a mask can reach are stored and computed: the kernel is trimmed to the rows and columns of the
 * k × k window that hold an allowed tap (always keeping the centre's row and column), and the input is padded
 * asymmetrically so that the output has the input's size and output (i, j) is centred on input (i, j). A 7 × 7 raster
 * mask keeps 4 × 7 taps (3 rows of padding above, none below), a horizontal type-B mask of size 3 keeps 1 × 2. The
 * weight has PyTorch's layout (out, in, kh, kw) for the trimmed (kh, kw); the mask is a constant tensor made once in the
 * parameters' manager, neither a parameter nor saved, and is not applied where it is all ones. Initialised like
 * PyTorch: weight and bias ~ U(−1/√fan_in, 1/√fan_in), fan_in = in·kh·kw.
 *
 * <p>For colour images ("Pixel Recurrent Neural Networks", §3.4) a raster or horizontal convolution may also be given
 * the {@link ChannelGroups} of its input and output channels: the centre tap (the pixel itself) is then kept, but only
 * for the connections that the groups allow ({@link ChannelGroups#centre}: of type A from earlier colours, of type B
 * also from the same colour); the other taps read every channel. The mask then has the weight's shape (out, in, kh, kw).
 * The vertical region needs no colour mask: it reads the rows above the centre, or, of type B, features that carry
 * those rows alone.
 */
public final class MaskedConv2d {
    /** Which pixels of the k × k window an output pixel reads. */
    public enum Region {
        /** The rows above the centre and the pixels left of it in its row (PixelCNN). */
        RASTER,
        /** The rows above the centre, all of them (the Gated PixelCNN's vertical stack). */
        VERTICAL,
        /** The pixels left of the centre in its row (the Gated PixelCNN's horizontal stack). */
        HORIZONTAL
    }

    /** Whether the centre is read: type A excludes it, type B includes it (for {@link Region#VERTICAL}, its row). */
    public enum MaskType {
        /** The centre excluded: for the first layer, which reads the image itself. */
        A,
        /** The centre included: for the layers after the first. */
        B
    }

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape NONE = new Shape(0, 0);

    private final NDArray weight;
    private final NDArray bias;
    private final NDArray mask;
    private final long[] padding;
    private final boolean unpadded;
    private final int kernelHeight;
    private final int kernelWidth;

    /**
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.layers.0.vertical}
     * @param in input channels
     * @param out output channels
     * @param kernel window size k, odd
     * @param region which part of the window is read
     * @param type whether the centre is read
     */
    public MaskedConv2d(Parameters params, String prefix, int in, int out, int kernel, Region region, MaskType type) {
        this(params, prefix, in, out, kernel, region, type, null, null);
    }

    /**
     * A masked convolution over colour images whose centre tap is masked by colour ({@link ChannelGroups#centre}).
     *
     * @param params where to create the weights
     * @param prefix name prefix, e.g. {@code decoder.pixel.layers.0.horizontal}
     * @param in input channels
     * @param out output channels
     * @param kernel window size k, odd
     * @param region {@link Region#RASTER} or {@link Region#HORIZONTAL}
     * @param type A (the centre pixel's earlier colours) or B (also its own colour)
     * @param inGroups the colours of the input channels, or null for the spatial mask alone
     * @param outGroups the colours of the output channels, or null for the spatial mask alone
     */
    public MaskedConv2d(
            Parameters params,
            String prefix,
            int in,
            int out,
            int kernel,
            Region region,
            MaskType type,
            ChannelGroups inGroups,
            ChannelGroups outGroups) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("a masked convolution needs an odd kernel size, got " + kernel);
        }
        if ((inGroups == null) != (outGroups == null)) {
            throw new IllegalArgumentException("give the colour groups of both the input and the output channels");
        }
        boolean coloured = inGroups != null;
        if (coloured && (region == Region.VERTICAL || inGroups.size() != in || outGroups.size() != out)) {
            throw new IllegalArgumentException("colour groups apply to raster and horizontal masks of " + in + " → "
                    + out + " channels, got a " + region + " mask with groups of " + inGroups.size() + " → "
                    + outGroups.size() + " channels");
        }
        boolean[][] taps = taps(kernel, region, type);
        int centre = kernel / 2;
        if (coloured) {
            taps[centre][centre] = true; // masked by colour below
        }
        int top = centre;
        int bottom = centre;
        int left = centre;
        int right = centre;
        for (int r = 0; r < kernel; r++) {
            for (int c = 0; c < kernel; c++) {
                if (taps[r][c]) {
                    top = Math.min(top, r);
                    bottom = Math.max(bottom, r);
                    left = Math.min(left, c);
                    right = Math.max(right, c);
                }
            }
        }
        this.kernelHeight = bottom - top + 1;
        this.kernelWidth = right - left + 1;
        float[] kept = new float[kernelHeight * kernelWidth];
        boolean allOnes = true;
        for (int r = 0; r < kernelHeight; r++) {
            for (int c = 0; c < kernelWidth; c++) {
                boolean on = taps[top + r][left + c];
                kept[r * kernelWidth + c] = on ? 1f : 0f;
                allOnes &= on;
            }
        }
        float bound = (float) (1.0 / Math.sqrt((double) in * kernelHeight * kernelWidth));
        this.weight = params.uniform(prefix + ".weight", new Shape(out, in, kernelHeight, kernelWidth), bound);
        this.bias = params.uniform(prefix + ".bias", new Shape(out), bound);
        if (coloured) {
            this.mask = params.manager()
                    .create(
                            colourMask(kept, inGroups, outGroups, type, centre - top, centre - left),
                            new Shape(out, in, kernelHeight, kernelWidth));
        } else {
            this.mask = allOnes ? null : params.manager().create(kept, new Shape(1, 1, kernelHeight, kernelWidth));
        }
        // pad pairs start from the last axis: (left, right) on the width, then (above, below) on the height
        this.padding = new long[] {centre - left, right - centre, centre - top, bottom - centre};
        this.unpadded = kernelHeight == 1 && kernelWidth == 1;
    }

    /** The spatial mask repeated for every (output, input) pair, its centre tap kept where the colours allow. */
    private float[] colourMask(
            float[] spatial,
            ChannelGroups inGroups,
            ChannelGroups outGroups,
            MaskType type,
            int centreRow,
            int centreColumn) {
        boolean[][] allowed = ChannelGroups.centre(inGroups, outGroups, type);
        int taps = kernelHeight * kernelWidth;
        int centreTap = centreRow * kernelWidth + centreColumn;
        float[] mask = new float[allowed.length * inGroups.size() * taps];
        for (int o = 0; o < allowed.length; o++) {
            for (int i = 0; i < inGroups.size(); i++) {
                int base = (o * inGroups.size() + i) * taps;
                System.arraycopy(spatial, 0, mask, base, taps);
                mask[base + centreTap] = allowed[o][i] ? 1f : 0f;
            }
        }
        return mask;
    }

    /**
     * The taps of the k × k window that a mask lets through.
     *
     * @param kernel window size k, odd
     * @param region which part of the window
     * @param type whether the centre (or, for {@link Region#VERTICAL}, its row) is included
     * @return [row][column], true where the tap is read; the centre is at (k/2, k/2)
     */
    public static boolean[][] taps(int kernel, Region region, MaskType type) {
        int centre = kernel / 2;
        boolean withCentre = type == MaskType.B;
        boolean[][] taps = new boolean[kernel][kernel];
        for (int r = 0; r < kernel; r++) {
            for (int c = 0; c < kernel; c++) {
                taps[r][c] = switch (region) {
                    case RASTER -> r < centre || (r == centre && (c < centre || (c == centre && withCentre)));
                    case VERTICAL -> r < centre || (r == centre && withCentre);
                    case HORIZONTAL -> r == centre && (c < centre || (c == centre && withCentre));
                };
            }
        }
        return taps;
    }

    /** @return (height, width) of the stored, trimmed kernel */
    public int[] kernelSize() {
        return new int[] {kernelHeight, kernelWidth};
    }

    /** @return the kernel in use, shape (out, in, kh, kw): the weight times the mask */
    public NDArray kernel() {
        return mask == null ? weight : weight.mul(mask);
    }

    /**
     * @param x images, shape (n, in, h, w)
     * @return shape (n, out, h, w); output (i, j) reads only the allowed input pixels around (i, j)
     */
    public NDArray forward(NDArray x) {
        NDArray padded = unpadded ? x : JniUtils.pad((PtNDArray) x, padding, 0);
        return Convolutions.conv2d(padded, kernel(), bias, ONE, NONE);
    }
}
