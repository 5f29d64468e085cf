package dev.vaekit.data.images;

import java.util.Arrays;

/**
 * Brings an image to a square of side {@code S}: the short side is scaled to {@code S} and the long side cropped about
 * its centre.
 *
 * <p>The crop is taken first, in source pixels: the centred {@code m × m} square, {@code m = min(height, width)},
 * starting at row {@code floor((height - m) / 2)} and column {@code floor((width - m) / 2)}. It is then scaled from
 * {@code m} to {@code S} along both axes by one of two filters:
 *
 * <ul>
 *   <li><b>shrinking</b> ({@code m > S}): <b>area averaging</b>. Output pixel {@code i} covers the source interval
 *       {@code [i m / S, (i + 1) m / S)}; every source pixel contributes in proportion to the part of it that lies in
 *       that interval (a box filter with exact fractional coverage, OpenCV's {@code INTER_AREA}). Chosen because it
 *       uses every source pixel, so fine patterns (text, hair, the pixel grid of a scan) average out instead of
 *       aliasing into moiré, it never overshoots the source's range, and an integer factor gives the plain mean of
 *       each {@code k × k} block.
 *   <li><b>enlarging</b> ({@code m < S}): <b>bilinear interpolation</b> with pixel centres aligned (output pixel
 *       {@code i} samples source position {@code (i + 1/2) m / S - 1/2}, clamped to the edge pixels: PyTorch's
 *       {@code align_corners=False}). Area averaging would turn each source pixel into a flat block there; bilinear is
 *       smooth and, unlike bicubic, cannot ring beyond the source's range.
 *   <li>{@code m == S}: the crop unchanged.
 * </ul>
 *
 * <p>Both filters are computed in exact integer arithmetic (the weights are integers in units of {@code 1/S} or
 * {@code 1/(2S)}) with one rounding at the end, halves up. The result is the same byte for byte on every machine.
 * The filters are separable: the weights of a pixel are the product of its row and column weights.
 */
public final class ImageResizer {

    /** The filter's name, recorded in cache keys. */
    public static final String FILTER = "centre-crop, area-average shrink, bilinear enlarge";

    private ImageResizer() {}

    /**
     * @param pixels channels-first 8-bit samples, {@code channels × height × width}
     * @param channels the number of channels
     * @param height the source height
     * @param width the source width
     * @param size the side {@code S} of the result
     * @return channels-first 8-bit samples, {@code channels × S × S}
     */
    public static byte[] resizeCentreCrop(byte[] pixels, int channels, int height, int width, int size) {
        if (size < 1 || height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "shape " + channels + "x" + height + "x" + width + " to " + size + " must be positive");
        }
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException(pixels.length + " samples for " + channels + "x" + height + "x" + width);
        }
        int m = Math.min(height, width);
        int top = (height - m) / 2;
        int left = (width - m) / 2;
        Axis axis = m > size ? Axis.area(m, size) : m < size ? Axis.bilinear(m, size) : Axis.identity(m);
        byte[] out = new byte[channels * size * size];
        long[] row = new long[size]; // one source row filtered horizontally, in units of 1/axis.unit
        long[] acc = new long[size]; // one output row, in units of 1/axis.unit^2
        long denominator = axis.unit * axis.unit;
        for (int c = 0; c < channels; c++) {
            int plane = c * height * width;
            int outPlane = c * size * size;
            for (int j = 0; j < size; j++) {
                Arrays.fill(acc, 0);
                long[] wy = axis.weights[j];
                for (int k = 0; k < wy.length; k++) {
                    // Each source row is filtered once for every output row it touches: at most twice when
                    // shrinking, and the memory stays one row whatever the image's size.
                    filterRow(pixels, plane + (top + axis.first[j] + k) * width + left, axis, row);
                    for (int i = 0; i < size; i++) {
                        acc[i] += wy[k] * row[i];
                    }
                }
                for (int i = 0; i < size; i++) {
                    // round(acc / denominator), halves up; acc >= 0
                    long v = (2 * acc[i] + denominator) / (2 * denominator);
                    out[outPlane + j * size + i] = (byte) Math.min(255, v);
                }
            }
        }
        return out;
    }

    private static void filterRow(byte[] pixels, int rowStart, Axis axis, long[] row) {
        for (int i = 0; i < row.length; i++) {
            long sum = 0;
            int first = rowStart + axis.first[i];
            long[] w = axis.weights[i];
            for (int k = 0; k < w.length; k++) {
                sum += w[k] * (pixels[first + k] & 0xff);
            }
            row[i] = sum;
        }
    }

    /**
     * The weights of one axis: output {@code i} is {@code sum_k weights[i][k] * source[first[i] + k] / unit}.
     *
     * @param unit the sum of every output's weights
     */
    private record Axis(int[] first, long[][] weights, long unit) {

        static Axis identity(int m) {
            int[] first = new int[m];
            long[][] weights = new long[m][];
            for (int i = 0; i < m; i++) {
                first[i] = i;
                weights[i] = new long[] {1};
            }
            return new Axis(first, weights, 1);
        }

        /**
         * Area averaging from {@code m} to {@code s < m}. In units of {@code 1/s} of a source pixel, output {@code i}
         * covers {@code [i m, (i + 1) m)} and source pixel {@code j} covers {@code [j s, (j + 1) s)}; the weight is
         * their overlap, and the weights of an output sum to {@code m}.
         */
        static Axis area(int m, int s) {
            int[] first = new int[s];
            long[][] weights = new long[s][];
            for (int i = 0; i < s; i++) {
                long lo = (long) i * m;
                long hi = (long) (i + 1) * m;
                int j0 = (int) (lo / s);
                int j1 = (int) ((hi - 1) / s); // last source pixel overlapping [lo, hi)
                long[] w = new long[j1 - j0 + 1];
                for (int j = j0; j <= j1; j++) {
                    w[j - j0] = Math.min(hi, (long) (j + 1) * s) - Math.max(lo, (long) j * s);
                }
                first[i] = j0;
                weights[i] = w;
            }
            return new Axis(first, weights, m);
        }

        /**
         * Bilinear from {@code m} to {@code s > m}: output {@code i} samples source position {@code x = ((2i + 1) m -
         * s) / (2 s)}, clamped to {@code [0, m - 1]}; with {@code x0 = floor(x)} and fraction {@code f} in units of
         * {@code 1/(2s)}, the weights are {@code 2s - f} on {@code x0} and {@code f} on {@code x0 + 1}.
         */
        static Axis bilinear(int m, int s) {
            int[] first = new int[s];
            long[][] weights = new long[s][];
            long unit = 2L * s;
            for (int i = 0; i < s; i++) {
                long numerator = (2L * i + 1) * m - s;
                if (numerator <= 0) {
                    first[i] = 0;
                    weights[i] = new long[] {unit};
                    continue;
                }
                int x0 = (int) (numerator / unit);
                long f = numerator - x0 * unit;
                if (x0 >= m - 1) {
                    first[i] = m - 1;
                    weights[i] = new long[] {unit};
                } else if (f == 0) {
                    first[i] = x0;
                    weights[i] = new long[] {unit};
                } else {
                    first[i] = x0;
                    weights[i] = new long[] {unit - f, f};
                }
            }
            return new Axis(first, weights, unit);
        }
    }
}
