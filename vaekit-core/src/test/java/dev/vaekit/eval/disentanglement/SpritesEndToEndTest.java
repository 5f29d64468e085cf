package dev.vaekit.eval.disentanglement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.data.factors.Sprites;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The metrics on rendered images: image moments as a hand-made representation of the small sprite set. */
class SpritesEndToEndTest {

    private static final Sprites SMALL = Sprites.small();

    /** codes: centroid x, centroid y, √area, and the second central moments μ20 − μ02 and 2 μ11 */
    private static RepresentationFunction moments(int size) {
        return obs -> {
            float[][] out = new float[obs.length][5];
            for (int i = 0; i < obs.length; i++) {
                double n = 0;
                double sx = 0;
                double sy = 0;
                for (int p = 0; p < obs[i].length; p++) {
                    if (obs[i][p] > 0.5f) {
                        n++;
                        sx += p % size;
                        sy += p / size;
                    }
                }
                double cx = sx / n;
                double cy = sy / n;
                double mxx = 0;
                double myy = 0;
                double mxy = 0;
                for (int p = 0; p < obs[i].length; p++) {
                    if (obs[i][p] > 0.5f) {
                        double dx = p % size - cx;
                        double dy = p / size - cy;
                        mxx += dx * dx / n;
                        myy += dy * dy / n;
                        mxy += dx * dy / n;
                    }
                }
                out[i] = new float[] {
                    (float) cx, (float) cy, (float) Math.sqrt(n), (float) (mxx - myy), (float) (2 * mxy)
                };
            }
            return out;
        };
    }

    /** codes: five random mixtures of all pixels */
    private static RepresentationFunction randomProjection(int pixels) {
        Random random = new Random(3);
        double[][] w = new double[5][pixels];
        for (double[] row : w) {
            for (int p = 0; p < pixels; p++) {
                row[p] = random.nextGaussian();
            }
        }
        return obs -> {
            float[][] out = new float[obs.length][5];
            for (int i = 0; i < obs.length; i++) {
                for (int a = 0; a < 5; a++) {
                    double s = 0;
                    for (int p = 0; p < pixels; p++) {
                        s += w[a][p] * obs[i][p];
                    }
                    out[i][a] = (float) s;
                }
            }
            return out;
        };
    }

    @Test
    void momentsSeparateThePositionsAndARandomProjectionDoesNot() {
        List<DisentanglementMetric> metrics = List.of(
                new Mig(new Mig.Settings(4000, 20)),
                new FactorVaeMetric(new FactorVaeMetric.Settings(64, 800, 400, 2000, 0.05)));
        DisentanglementReport moments = DisentanglementReport.run(SMALL, moments(32), metrics, 0);
        DisentanglementReport projection = DisentanglementReport.run(SMALL, randomProjection(32 * 32), metrics, 0);
        MetricResult mig = moments.results().get(0);
        // the centroid is the position up to a fraction of a pixel: one code each for posX and posY
        assertThat(mig.perFactor().get("gap")[3]).isGreaterThan(0.7);
        assertThat(mig.perFactor().get("gap")[4]).isGreaterThan(0.7);
        assertThat(mig.perFactor().get("topCode")[3]).isEqualTo(0.0);
        assertThat(mig.perFactor().get("topCode")[4]).isEqualTo(1.0);
        assertThat(mig.score("mig")).isGreaterThan(projection.results().get(0).score("mig") + 0.1);
        assertThat(moments.results().get(1).score("evalAccuracy"))
                .isGreaterThan(projection.results().get(1).score("evalAccuracy"));
    }
}
