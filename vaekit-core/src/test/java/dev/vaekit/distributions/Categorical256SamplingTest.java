package dev.vaekit.distributions;

import static dev.vaekit.Fixtures.array;
import static dev.vaekit.Fixtures.uniform;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drawing grey levels from the 256-way softmax by inverse CDF. */
class Categorical256SamplingTest {
    private static final int LEVELS = Categorical256.LEVELS;

    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void levelFrequenciesMatchTheSoftmaxProbabilities() {
        // a pixel whose mass sits on a few levels, with the rest spread thinly: levels 0, 100, 101 and 255 likely
        float[] logits = uniform(11, LEVELS, -2, 0);
        logits[0] = 4f;
        logits[100] = 3.5f;
        logits[101] = 2f;
        logits[255] = 3f;
        double[] p = softmax(logits);
        int draws = 8000;
        Engines.seed(42);

        // 8000 draws at once: a batch of 8000 copies of the same logits, one pixel each
        NDArray l = array(manager, logits, 1, LEVELS, 1).repeat(0, draws);
        float[] x = Categorical256.sample(l).toFloatArray();

        assertThat(x).hasSize(draws);
        int[] counts = new int[LEVELS];
        for (float v : x) {
            int level = Math.round(v * 255f);
            assertThat((double) v).isCloseTo(level / 255.0, within(1e-6));
            counts[level]++;
        }
        for (int v = 0; v < LEVELS; v++) {
            // within four binomial standard errors, and at least 2 draws for the rare levels
            double tolerance = Math.max(4 * Math.sqrt(p[v] * (1 - p[v]) / draws), 2.0 / draws);
            assertThat(counts[v] / (double) draws)
                    .as("frequency of level %d, probability %.4f", v, p[v])
                    .isCloseTo(p[v], within(tolerance));
        }
        // the four likely levels together, against the 252 unlikely ones
        double heavy = p[0] + p[100] + p[101] + p[255];
        assertThat((counts[0] + counts[100] + counts[101] + counts[255]) / (double) draws)
                .isCloseTo(heavy, within(4 * Math.sqrt(heavy * (1 - heavy) / draws)));
    }

    @Test
    void aSeededEngineDrawsTheSamePicturesAndEachPixelFromItsOwnLogits() {
        int d = 5;
        float[] logits = new float[LEVELS * d];
        // pixel j certain of level 50·j
        for (int j = 0; j < d; j++) {
            logits[50 * j * d + j] = 80f;
        }
        NDArray l = array(manager, logits, 1, LEVELS, d).repeat(0, 3);

        Engines.seed(7);
        float[] first = Categorical256.sample(l).toFloatArray();
        Engines.seed(7);
        float[] second = Categorical256.sample(l).toFloatArray();

        assertThat(first).containsExactly(second);
        for (int i = 0; i < first.length; i++) {
            assertThat((double) first[i]).isCloseTo(50 * (i % d) / 255.0, within(1e-6));
        }
        assertThat(Categorical256.sample(l).getShape().getShape()).containsExactly(3, d);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int v = 0; v < logits.length; v++) {
            p[v] = Math.exp(logits[v] - max);
            sum += p[v];
        }
        for (int v = 0; v < logits.length; v++) {
            p[v] /= sum;
        }
        return p;
    }
}
