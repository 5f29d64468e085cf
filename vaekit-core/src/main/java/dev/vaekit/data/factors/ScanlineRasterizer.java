package dev.vaekit.data.factors;

import java.util.Arrays;

/**
 * Fills a polygon into a binary image by scanlines: a pixel is set when its centre lies inside the polygon (even-odd
 * rule), the rule of OpenGL's aliased rasterisation. Pixel (row r, column c) covers [c, c + 1] × [r, r + 1] in image
 * coordinates (x to the right, y down), so its centre is (c + ½, r + ½). Ties follow the top-left convention: a centre
 * exactly on a left or top edge is inside, one on a right or bottom edge is outside.
 *
 * <p>Cost: one pass over the edges to collect, per pixel row, the x at which the edges cross the row's centre line,
 * then one sort of those few crossings per row; no per-pixel test.
 */
final class ScanlineRasterizer {
    private ScanlineRasterizer() {}

    /**
     * @param xs vertex x coordinates, image units
     * @param ys vertex y coordinates, image units
     * @param n number of vertices (the polygon closes from the last to the first)
     * @param width image width
     * @param height image height
     * @param out the image, row-major; inside pixels are set to 1, the others left as they are
     * @param offset where the image starts in {@code out}
     */
    static void fill(double[] xs, double[] ys, int n, int width, int height, float[] out, int offset) {
        double[][] crossings = new double[height][];
        int[] counts = new int[height];
        for (int i = 0; i < n; i++) {
            double x0 = xs[i];
            double y0 = ys[i];
            double x1 = xs[(i + 1) % n];
            double y1 = ys[(i + 1) % n];
            if (y0 == y1) {
                continue; // a horizontal edge crosses no centre line in the half-open rule
            }
            double top = Math.min(y0, y1);
            double bottom = Math.max(y0, y1);
            // rows whose centre r + ½ lies in [top, bottom)
            int first = Math.max(0, (int) Math.ceil(top - 0.5));
            int end = Math.min(height, (int) Math.ceil(bottom - 0.5));
            double slope = (x1 - x0) / (y1 - y0);
            for (int r = first; r < end; r++) {
                double x = x0 + (r + 0.5 - y0) * slope;
                double[] row = crossings[r];
                if (row == null) {
                    row = new double[4];
                    crossings[r] = row;
                } else if (counts[r] == row.length) {
                    row = Arrays.copyOf(row, 2 * row.length);
                    crossings[r] = row;
                }
                row[counts[r]++] = x;
            }
        }
        for (int r = 0; r < height; r++) {
            int count = counts[r];
            if (count < 2) {
                continue;
            }
            double[] row = crossings[r];
            Arrays.sort(row, 0, count);
            int base = offset + r * width;
            for (int k = 0; k + 1 < count; k += 2) {
                // columns whose centre c + ½ lies in [left, right)
                int from = Math.max(0, (int) Math.ceil(row[k] - 0.5));
                int to = Math.min(width, (int) Math.ceil(row[k + 1] - 0.5));
                for (int c = from; c < to; c++) {
                    out[base + c] = 1f;
                }
            }
        }
    }
}
