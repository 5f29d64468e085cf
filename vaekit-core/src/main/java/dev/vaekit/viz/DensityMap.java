package dev.vaekit.viz;

import java.awt.Color;
import java.awt.image.BufferedImage;

/**
 * Pictures of a density on the plane: a heat map of p(x) on a regular grid, and a scatter of points drawn on the same
 * square, so that a fitted density, its samples and the data can be set side by side ({@link LabelledPanels}).
 */
public final class DensityMap {
    /** The colour map's anchors, from low to high density (dark blue through teal to yellow, like viridis). */
    private static final Color[] ANCHORS = {
        new Color(68, 1, 84),
        new Color(59, 82, 139),
        new Color(33, 145, 140),
        new Color(94, 201, 98),
        new Color(253, 231, 37)
    };

    private DensityMap() {}

    /**
     * The plane's square window [x0, x1] × [y0, y1].
     *
     * @param x0 left
     * @param x1 right, &gt; x0
     * @param y0 bottom
     * @param y1 top, &gt; y0
     */
    public record Window(double x0, double x1, double y0, double y1) {
        /** Validates the bounds. */
        public Window {
            if (!(x1 > x0) || !(y1 > y0)) {
                throw new IllegalArgumentException("empty window [" + x0 + ", " + x1 + "] × [" + y0 + ", " + y1 + "]");
            }
        }

        /** @return the centre of grid cell (i, j) of an n × n grid: i counts columns left to right, j rows up */
        public double[] cellCentre(int i, int j, int n) {
            return new double[] {x0 + (i + 0.5) * (x1 - x0) / n, y0 + (j + 0.5) * (y1 - y0) / n};
        }

        /** @return the area of one cell of an n × n grid */
        public double cellArea(int n) {
            return (x1 - x0) * (y1 - y0) / ((double) n * n);
        }
    }

    /**
     * A heat map of the density, linear in p(x) from 0 to its maximum on the grid.
     *
     * @param density p at the cell centres, row-major with rows from the bottom ({@code density[j * n + i]})
     * @param n cells per side
     * @param pixelsPerCell scale
     * @return the picture
     */
    public static BufferedImage heatMap(double[] density, int n, int pixelsPerCell) {
        double max = 0;
        for (double v : density) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        int size = n * pixelsPerCell;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double v = density[j * n + i];
                double t = max > 0 && Double.isFinite(v) ? v / max : 0;
                int rgb = colour(t).getRGB();
                for (int dy = 0; dy < pixelsPerCell; dy++) {
                    for (int dx = 0; dx < pixelsPerCell; dx++) {
                        image.setRGB(i * pixelsPerCell + dx, size - 1 - (j * pixelsPerCell + dy), rgb);
                    }
                }
            }
        }
        return image;
    }

    /**
     * A scatter of points on a white square; points outside the window are left out.
     *
     * @param points (x, y) pairs, interleaved
     * @param window the square shown
     * @param size pixels per side
     * @return the picture
     */
    public static BufferedImage scatter(float[] points, Window window, int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(33, 97, 140, 110));
        for (int p = 0; p + 1 < points.length; p += 2) {
            double u = (points[p] - window.x0()) / (window.x1() - window.x0());
            double v = (points[p + 1] - window.y0()) / (window.y1() - window.y0());
            if (u >= 0 && u <= 1 && v >= 0 && v <= 1) {
                g.fillOval((int) (u * (size - 1)) - 1, (int) ((1 - v) * (size - 1)) - 1, 3, 3);
            }
        }
        g.dispose();
        return image;
    }

    /** @return the colour map at t ∈ [0, 1], interpolated linearly between the anchors */
    static Color colour(double t) {
        double x = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int k = Math.min(ANCHORS.length - 2, (int) x);
        double f = x - k;
        Color a = ANCHORS[k];
        Color b = ANCHORS[k + 1];
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
