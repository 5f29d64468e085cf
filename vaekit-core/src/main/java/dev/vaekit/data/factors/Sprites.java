package dev.vaekit.data.factors;

import dev.vaekit.InvalidInputException;
import java.util.List;

/**
 * Binary images of one white sprite on black, generated from six factors in the order of dSprites (Matthey et al.
 * 2017): {@code color}, {@code shape}, {@code scale}, {@code orientation}, {@code posX}, {@code posY}. {@link
 * #dsprites()} is dSprites itself: 1 × 3 × 6 × 40 × 32 × 32 = 737,280 images of 64 × 64 pixels with the published
 * factor values, in the published order; {@link #small()} is a 2,304-image set of 32 × 32 pixels from the same code,
 * for fast tests.
 *
 * <h2>Geometry</h2>
 *
 * Lengths are given in <em>units</em> of 1/64 of the image width (pixels of a 64 × 64 image); image coordinates have x
 * to the right and y down, and pixel (row r, column c) covers [c, c + 1] × [r, r + 1].
 *
 * <ul>
 *   <li>Position: the sprite's reference point is at x = 16 + 32 · posX, y = 16 + 32 · posY units, so posX and posY in
 *       [0, 1] move it over the central half of the image, by 32/31 ≈ 1.03 pixels per step in dSprites; posX moves it
 *       to the right, posY down.
 *   <li>Scale multiplies every length about the reference point.
 *   <li>Orientation θ (radians) turns the sprite counter-clockwise as displayed (row 0 at the top) about the reference
 *       point. dSprites' 40 orientations run from 0 to 2π inclusive, so the first and the last images of each sweep are
 *       the same; the square repeats every quarter turn and the ellipse every half turn.
 *   <li>Square: side 19.2 · scale units, centred on the reference point.
 *   <li>Ellipse: semi-axes 12.77 · scale (along x at θ = 0) and 7.21 · scale units, centred on the reference point.
 *   <li>Heart: the curve x = 9.6 sin³t, y = 0.6622 (13 cos t − 5 cos 2t − 2 cos 3t − cos 4t) + 1.4375 (y up, times the
 *       scale), lobes up and point down at θ = 0; 19.2 · scale units wide. Its reference point lies on the axis of
 *       symmetry, 2.0 · scale units below the centroid of the outline.
 *   <li>Pixels: a pixel is 1 when its centre lies inside the outline and 0 otherwise (the outlines of the ellipse and
 *       the heart are polygons of 360 vertices, within 0.001 units of the curves); no anti-aliasing.
 * </ul>
 *
 * <h2>How this matches the published dSprites</h2>
 *
 * The counts, the factor order, the factor values (colour 1; shape 1, 2, 3 for square, ellipse, heart; scale
 * linspace(0.5, 1, 6); orientation linspace(0, 2π, 40); posX and posY linspace(0, 1, 32)) and the index order (posY
 * fastest) are those of the published arrays. The published images come from a renderer (LÖVE) whose shape
 * definitions are not published; the geometry above was measured on the 320 images of the published
 * {@code dsprites.gif} (whose frames sweep each factor with the others fixed): 232 of its 259 distinct frames are
 * reproduced exactly, and 0.17 to 0.18 pixels per image differ on average, each within 0.004 pixels of the outline
 * (docs/dsprites.md has the comparison and how to repeat it). The other images come from the same formula but are not
 * checked pixel by pixel, since the published arrays cannot be
 * downloaded here.
 */
public final class Sprites implements FactorData {

    /** The three shapes, with dSprites' shape values 1, 2, 3. */
    public enum Shape {
        /** A square. */
        SQUARE,
        /** An ellipse, longer along x at orientation 0. */
        ELLIPSE,
        /** A heart, point down at orientation 0. */
        HEART;

        /** Vertices of the ellipse's and the heart's outlines. */
        static final int CURVE_VERTICES = 360;

        /** Half the square's side at scale 1, units. */
        static final double SQUARE_HALF_SIDE = 9.6;

        /** The ellipse's semi-axis along x at orientation 0 and scale 1, units. */
        static final double ELLIPSE_SEMI_X = 12.77;

        /** The ellipse's other semi-axis at scale 1, units. */
        static final double ELLIPSE_SEMI_Y = 7.21;

        /** Units per unit of the heart curve's x (16 sin³t spans ±16, so the heart is 19.2 units wide). */
        static final double HEART_SCALE_X = 0.6;

        /** Units per unit of the heart curve's y. */
        static final double HEART_SCALE_Y = 0.6622;

        /** Shift of the heart up from its reference point, units. */
        static final double HEART_SHIFT_Y = 1.4375;

        /**
         * @return the outline at scale 1 and orientation 0 about the reference point, units, y up: {x0, y0, x1, y1,
         *     ...}
         */
        double[] outline() {
            return switch (this) {
                case SQUARE -> {
                    double h = SQUARE_HALF_SIDE;
                    yield new double[] {-h, -h, h, -h, h, h, -h, h};
                }
                case ELLIPSE -> {
                    double[] v = new double[2 * CURVE_VERTICES];
                    for (int k = 0; k < CURVE_VERTICES; k++) {
                        double t = 2 * Math.PI * k / CURVE_VERTICES;
                        v[2 * k] = ELLIPSE_SEMI_X * Math.cos(t);
                        v[2 * k + 1] = ELLIPSE_SEMI_Y * Math.sin(t);
                    }
                    yield v;
                }
                case HEART -> {
                    double[] v = new double[2 * CURVE_VERTICES];
                    for (int k = 0; k < CURVE_VERTICES; k++) {
                        double t = 2 * Math.PI * k / CURVE_VERTICES;
                        double s = Math.sin(t);
                        v[2 * k] = HEART_SCALE_X * 16 * s * s * s;
                        v[2 * k + 1] = HEART_SCALE_Y
                                        * (13 * Math.cos(t)
                                                - 5 * Math.cos(2 * t)
                                                - 2 * Math.cos(3 * t)
                                                - Math.cos(4 * t))
                                + HEART_SHIFT_Y;
                    }
                    yield v;
                }
            };
        }
    }

    /** dSprites' image side, pixels. */
    public static final int DSPRITES_SIZE = 64;

    /** The reference point's coordinate at position 0, units. */
    static final double POSITION_START = 16;

    /** How far the reference point moves from position 0 to position 1, units. */
    static final double POSITION_SPAN = 32;

    private static final List<Shape> SHAPES = List.of(Shape.values());

    private final String name;
    private final int imageSize;
    private final List<Factor> factors;
    private final int[] sizes;
    private final double[] scales;
    private final double[] orientations;
    private final double[] positionsX;
    private final double[] positionsY;
    private final double[][] outlines;

    private Sprites(
            String name,
            int imageSize,
            double[] scales,
            double[] orientations,
            double[] positionsX,
            double[] positionsY) {
        if (imageSize < 4 || imageSize > 1024) {
            throw new InvalidInputException(name + ": imageSize must be in [4, 1024], got " + imageSize);
        }
        check(name, "scale", scales, Double.MIN_VALUE, 1e3);
        check(name, "orientation", orientations, -1e3, 1e3);
        check(name, "posX", positionsX, 0, 1);
        check(name, "posY", positionsY, 0, 1);
        this.name = name;
        this.imageSize = imageSize;
        this.scales = scales.clone();
        this.orientations = orientations.clone();
        this.positionsX = positionsX.clone();
        this.positionsY = positionsY.clone();
        this.factors = List.of(
                new Factor("color", new double[] {1}),
                new Factor("shape", new double[] {1, 2, 3}),
                new Factor("scale", scales),
                new Factor("orientation", orientations),
                new Factor("posX", positionsX),
                new Factor("posY", positionsY));
        this.sizes = factors.stream().mapToInt(Factor::size).toArray();
        this.outlines = new double[SHAPES.size()][];
        for (Shape s : SHAPES) {
            outlines[s.ordinal()] = s.outline();
        }
    }

    private static void check(String name, String factor, double[] values, double min, double max) {
        if (values == null || values.length == 0) {
            throw new InvalidInputException(name + ": " + factor + " needs at least one value, got none");
        }
        for (double v : values) {
            if (!(v >= min && v <= max)) {
                throw new InvalidInputException(
                        name + ": " + factor + " values must be in [" + min + ", " + max + "], got " + v);
            }
        }
    }

    /** @return dSprites: 737,280 images of 64 × 64 pixels with the published factors */
    public static Sprites dsprites() {
        return new Sprites(
                "dsprites",
                DSPRITES_SIZE,
                Factor.linspace(0.5, 1, 6),
                Factor.linspace(0, 2 * Math.PI, 40),
                Factor.linspace(0, 1, 32),
                Factor.linspace(0, 1, 32));
    }

    /**
     * @return a small set for fast tests, from the same code: 32 × 32 pixels, 3 shapes × 3 scales (0.5, 0.75, 1) × 4
     *     orientations (0, π/8, π/4, 3π/8: all distinct, even for the square) × 8 × 8 positions = 2,304 images
     */
    public static Sprites small() {
        return new Sprites(
                "dsprites-small",
                32,
                Factor.linspace(0.5, 1, 3),
                new double[] {0, Math.PI / 8, Math.PI / 4, 3 * Math.PI / 8},
                Factor.linspace(0, 1, 8),
                Factor.linspace(0, 1, 8));
    }

    /**
     * Sprites with chosen factor values; lengths scale with the image (a 32-pixel image halves every length).
     *
     * @param name the set's name
     * @param imageSize image side in pixels, in [4, 1024]
     * @param scales scale values, in (0, 1000]
     * @param orientations orientation values, radians, in [−1000, 1000]
     * @param positionsX posX values in [0, 1]
     * @param positionsY posY values in [0, 1]
     * @return the set
     */
    public static Sprites of(
            String name,
            int imageSize,
            double[] scales,
            double[] orientations,
            double[] positionsX,
            double[] positionsY) {
        return new Sprites(name, imageSize, scales, orientations, positionsX, positionsY);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Factor> factors() {
        return factors;
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return imageSize;
    }

    @Override
    public int width() {
        return imageSize;
    }

    /**
     * @param classes one class per factor
     * @return the sprite's shape
     */
    public Shape shape(int[] classes) {
        return SHAPES.get(classes[1]);
    }

    @Override
    public void render(int[] classes, float[] out, int offset) {
        FactorData.checkClasses(classes, sizes);
        int size = imageSize;
        java.util.Arrays.fill(out, offset, offset + size * size, 0f);
        double unit = size / (double) DSPRITES_SIZE; // pixels per unit
        double s = scales[classes[2]] * unit;
        double theta = orientations[classes[3]];
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double cx = (POSITION_START + POSITION_SPAN * positionsX[classes[4]]) * unit;
        double cy = (POSITION_START + POSITION_SPAN * positionsY[classes[5]]) * unit;
        double[] outline = outlines[classes[1]];
        int n = outline.length / 2;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int k = 0; k < n; k++) {
            double u = outline[2 * k];
            double v = outline[2 * k + 1];
            // turn (u, v) counter-clockwise by θ with y up, then flip y for the image
            xs[k] = cx + s * (u * cos - v * sin);
            ys[k] = cy - s * (u * sin + v * cos);
        }
        ScanlineRasterizer.fill(xs, ys, n, size, size, out, offset);
    }

    @Override
    public String toString() {
        return name + " " + factors + " " + imageSize + "x" + imageSize;
    }
}
