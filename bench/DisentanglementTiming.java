import dev.vaekit.data.factors.FactorData;
import dev.vaekit.data.factors.FactorValues;
import dev.vaekit.data.factors.Sprites;
import dev.vaekit.eval.disentanglement.DisentanglementMetric;
import dev.vaekit.eval.disentanglement.DisentanglementReport;
import dev.vaekit.eval.disentanglement.MetricResult;
import dev.vaekit.eval.disentanglement.RepresentationFunction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Run time of each disentanglement metric on dSprites with its default settings, on the calling thread alone
 * (wall and CPU time). Three parts: rendering dSprites images; each metric end to end on rendered images with a cheap
 * pixel representation (centroid, √area and second moments: about one pass over the 4096 pixels, the cost of a tiny
 * encoder); each metric on the factor values themselves (no images: the estimator's own cost). A model's encoder adds
 * its own time per encoded observation, whose count the table gives. With the argument {@code synthetic} it prints
 * instead the five metrics' reports for codes of known quality on dSprites' factor values: the identity, a random
 * rotation of it (of the values centred on their midrange), and uniform noise. Usage: java -cp CLASSPATH
 * bench/DisentanglementTiming.java [synthetic]
 */
public class DisentanglementTiming {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Sprites dsprites = Sprites.dsprites();
        if (args.length > 0 && args[0].equals("synthetic")) {
            FactorValues values = FactorValues.like(dsprites);
            for (RepresentationFunction r : java.util.List.of(values(), rotated(values), noise())) {
                DisentanglementReport report =
                        DisentanglementReport.run(values, r, DisentanglementReport.defaultMetrics(), 0);
                System.out.println(report.toTable());
            }
            return;
        }
        // rendering: 200,000 random images, after 20,000 of warm-up
        int[][] warm = dsprites.sampleFactors(20_000, new SplittableRandom(1));
        float[] image = new float[4096];
        for (int[] c : warm) {
            dsprites.render(c, image, 0);
        }
        int[][] classes = dsprites.sampleFactors(200_000, new SplittableRandom(2));
        long w0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int[] c : classes) {
            dsprites.render(c, image, 0);
        }
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("render: %.2f us wall, %.2f us cpu per 64x64 image (200,000 images)%n",
                wall / classes.length * 1e6, cpu / classes.length * 1e6);

        int[] encoded = {10_000, 15_000, 15_000, 970_000, 1_920_000};
        System.out.printf("%-10s %12s %10s %10s %10s %10s  %s%n", "metric", "encoded obs", "wall s", "cpu s",
                "values wall", "values cpu", "scores on images (moments)");
        int m = 0;
        for (DisentanglementMetric metric : DisentanglementReport.defaultMetrics()) {
            double[] images = time(metric, dsprites, moments());
            MetricResult r = last;
            double[] values = time(metric, FactorValues.like(dsprites), values());
            System.out.printf("%-10s %12d %10.1f %10.1f %10.1f %10.1f  %s%n", metric.name(), encoded[m++],
                    images[0], images[1], values[0], values[1], r.scores());
        }
    }

    static MetricResult last;

    static double[] time(DisentanglementMetric metric, FactorData data, RepresentationFunction representation) {
        long w0 = System.nanoTime();
        long c0 = THREADS.getCurrentThreadCpuTime();
        last = metric.compute(data, representation, 0);
        return new double[] {(System.nanoTime() - w0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9};
    }

    /** the five scored factor values of FactorValues.like(dsprites) (the colour left out) */
    static RepresentationFunction values() {
        return obs -> {
            float[][] out = new float[obs.length][5];
            for (int i = 0; i < obs.length; i++) {
                System.arraycopy(obs[i], 1, out[i], 0, 5);
            }
            return out;
        };
    }

    /** a random rotation (Gram–Schmidt on Gaussian rows, seed 1) of the scored values centred on their midrange */
    static RepresentationFunction rotated(FactorValues data) {
        java.util.Random random = new java.util.Random(1);
        int d = 5;
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * q[k][j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * q[k][j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int j = 0; j < d; j++) {
                q[i][j] = v[j] / Math.sqrt(norm);
            }
        }
        double[] mid = new double[d];
        for (int j = 0; j < d; j++) {
            double[] values = data.factors().get(1 + j).values();
            mid[j] = (values[0] + values[values.length - 1]) / 2;
        }
        return obs -> {
            float[][] out = new float[obs.length][d];
            for (int i = 0; i < obs.length; i++) {
                for (int a = 0; a < d; a++) {
                    double s = 0;
                    for (int b = 0; b < d; b++) {
                        s += q[a][b] * (obs[i][1 + b] - mid[b]);
                    }
                    out[i][a] = (float) s;
                }
            }
            return out;
        };
    }

    /** uniform noise, seed 5 */
    static RepresentationFunction noise() {
        SplittableRandom random = new SplittableRandom(5);
        return obs -> {
            float[][] out = new float[obs.length][5];
            for (float[] row : out) {
                for (int a = 0; a < 5; a++) {
                    row[a] = (float) random.nextDouble();
                }
            }
            return out;
        };
    }

    /** centroid x, centroid y, √area, μ20 − μ02, 2 μ11 of a 64 × 64 binary image */
    static RepresentationFunction moments() {
        return obs -> {
            float[][] out = new float[obs.length][];
            for (int i = 0; i < obs.length; i++) {
                double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                float[] o = obs[i];
                for (int p = 0; p < o.length; p++) {
                    if (o[p] > 0.5f) {
                        int x = p & 63;
                        int y = p >> 6;
                        n++;
                        sx += x;
                        sy += y;
                        sxx += x * x;
                        syy += y * y;
                        sxy += x * y;
                    }
                }
                double cx = sx / n, cy = sy / n;
                double mxx = sxx / n - cx * cx, myy = syy / n - cy * cy, mxy = sxy / n - cx * cy;
                out[i] = new float[] {(float) cx, (float) cy, (float) Math.sqrt(n), (float) (mxx - myy),
                    (float) (2 * mxy)};
            }
            return out;
        };
    }
}
