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
 * its own time per encoded observation, whose count the table gives. Usage: java -cp CLASSPATH
 * bench/DisentanglementTiming.java
 */
public class DisentanglementTiming {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        Sprites dsprites = Sprites.dsprites();
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
