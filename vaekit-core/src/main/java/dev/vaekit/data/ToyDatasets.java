package dev.vaekit.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Two-dimensional toy densities for flows and density estimators, generated from a fixed seed (no files): each has
 * 10 000 training and 2 000 test points, the test points drawn from a seed apart.
 *
 * <ul>
 *   <li>{@code moons}: two interleaved half circles of radius 1 with Gaussian noise of standard deviation 0.05, the
 *       label saying which (scikit-learn's {@code make_moons});
 *   <li>{@code rings}: four concentric circles of radii 1 to 4 (scaled by ½), noise 0.04, the label the ring;
 *   <li>{@code checkerboard}: uniform on the black squares of a 4 × 4 board on [−2, 2]² (FFJORD's toy set);
 *   <li>{@code 8gaussians}: an even mixture of eight Gaussians of standard deviation ½/√2 centred on a circle of
 *       radius 2√2 at every multiple of 45° (FFJORD's toy set), the label the component.
 * </ul>
 */
public final class ToyDatasets {
    /** The names this class generates. */
    public static final List<String> NAMES = List.of("moons", "rings", "checkerboard", "8gaussians");

    /** Training points per set. */
    public static final int TRAIN_SIZE = 10_000;

    /** Test points per set. */
    public static final int TEST_SIZE = 2_000;

    private ToyDatasets() {}

    /**
     * @param name one of {@link #NAMES}
     * @return its training and test sets, each (n, 2) as a 1 × 1 × 2 table
     */
    public static DatasetSplit load(String name) {
        return new DatasetSplit(
                generate(name, TRAIN_SIZE, 1, name + "/train"), generate(name, TEST_SIZE, 2, name + "/test"));
    }

    /**
     * @param name one of {@link #NAMES}
     * @param n points
     * @param seed the generator's seed
     * @param datasetName the name the data set carries
     * @return n points
     */
    public static Dataset generate(String name, int n, long seed, String datasetName) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] xy = new float[2 * n];
        int[] labels = name.equals("checkerboard") ? null : new int[n];
        for (int i = 0; i < n; i++) {
            double x;
            double y;
            switch (name) {
                case "moons" -> {
                    int moon = random.nextInt(2);
                    double t = Math.PI * random.nextDouble();
                    x = moon == 0 ? Math.cos(t) : 1 - Math.cos(t);
                    y = moon == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
                    x += 0.05 * gaussian(random);
                    y += 0.05 * gaussian(random);
                    labels[i] = moon;
                }
                case "rings" -> {
                    int ring = random.nextInt(4);
                    double t = 2 * Math.PI * random.nextDouble();
                    double r = 0.5 * (ring + 1);
                    x = r * Math.cos(t) + 0.04 * gaussian(random);
                    y = r * Math.sin(t) + 0.04 * gaussian(random);
                    labels[i] = ring;
                }
                case "checkerboard" -> {
                    // a column uniformly in [−2, 2), then a row among the two black squares of that column
                    x = -2 + 4 * random.nextDouble();
                    int column = (int) Math.floor(x + 2);
                    int row = 2 * random.nextInt(2) + (column % 2 == 0 ? 0 : 1);
                    y = -2 + row + random.nextDouble();
                }
                case "8gaussians" -> {
                    int component = random.nextInt(8);
                    double angle = component * Math.PI / 4;
                    double spread = 0.5 / Math.sqrt(2);
                    x = 2 * Math.sqrt(2) * Math.cos(angle) + spread * gaussian(random);
                    y = 2 * Math.sqrt(2) * Math.sin(angle) + spread * gaussian(random);
                    labels[i] = component;
                }
                default -> throw new IllegalArgumentException(
                        "unknown toy data set " + name + "; expected one of " + NAMES);
            }
            xy[2 * i] = (float) x;
            xy[2 * i + 1] = (float) y;
        }
        return new Dataset(datasetName, xy, labels, 1, 1, 2);
    }

    /** A standard normal draw (Box–Muller). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
