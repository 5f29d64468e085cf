package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NearestNeighboursTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** The nearest row by a plain double loop. */
    private static double[] bruteForce(float[] q, float[] r, int dim) {
        int n = q.length / dim;
        int m = r.length / dim;
        double[] best = new double[n];
        for (int i = 0; i < n; i++) {
            best[i] = Double.POSITIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int k = 0; k < dim; k++) {
                    double d = (double) q[i * dim + k] - r[j * dim + k];
                    s += d * d;
                }
                best[i] = Math.min(best[i], Math.sqrt(s));
            }
        }
        return best;
    }

    @Test
    void matchesTheDirectComputation() {
        int dim = 30;
        float[] queries = Fixtures.uniform(1, 25 * dim, 0, 1);
        float[] reference = Fixtures.uniform(2, 200 * dim, 0, 1);

        NearestNeighbours.Result r =
                NearestNeighbours.find(queries, reference, dim, NearestNeighbours.Metric.EUCLIDEAN, manager);

        double[] expected = bruteForce(queries, reference, dim);
        for (int i = 0; i < expected.length; i++) {
            assertThat(r.distance()[i]).as("query %d", i).isCloseTo(expected[i], within(1e-4));
            // the index found is a row at that distance
            float[] row = java.util.Arrays.copyOfRange(reference, r.index()[i] * dim, (r.index()[i] + 1) * dim);
            float[] q = java.util.Arrays.copyOfRange(queries, i * dim, (i + 1) * dim);
            assertThat(bruteForce(q, row, dim)[0]).isCloseTo(expected[i], within(1e-4));
        }
        assertThat(r.meanDistance())
                .isCloseTo(java.util.Arrays.stream(expected).average().orElseThrow(), within(1e-4));
    }

    @Test
    void aQueryThatIsAReferenceRowIsAtDistanceZeroFromIt() {
        int dim = 784;
        float[] reference = Fixtures.uniform(3, 50 * dim, 0, 1);
        float[] queries = java.util.Arrays.copyOfRange(reference, 17 * dim, 19 * dim); // rows 17 and 18

        NearestNeighbours.Result r =
                NearestNeighbours.find(queries, reference, dim, NearestNeighbours.Metric.EUCLIDEAN, manager);

        assertThat(r.index()).containsExactly(17, 18);
        // ‖q‖² + ‖r‖² − 2 q·r cancels to rounding error, about 1e-5 of ‖q‖² ≈ 260
        assertThat(r.distance()[0]).isLessThan(0.1);
        assertThat(r.distance()[1]).isLessThan(0.1);
    }

    @Test
    void leavesNoTensorsBehindAndRefusesRaggedRows() {
        int before = ((BaseNDManager) manager).getManagedArrays().size();
        NearestNeighbours.find(
                Fixtures.uniform(1, 6, 0, 1), Fixtures.uniform(2, 9, 0, 1), 3, NearestNeighbours.Metric.ANGLE, manager);
        assertThat(((BaseNDManager) manager).getManagedArrays()).hasSize(before);

        assertThatThrownBy(() -> NearestNeighbours.find(
                        new float[4], new float[6], 3, NearestNeighbours.Metric.EUCLIDEAN, manager))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NearestNeighbours.find(
                        new float[3], new float[0], 3, NearestNeighbours.Metric.EUCLIDEAN, manager))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAngleIgnoresBrightnessWhereEuclideanDistanceRewardsFaintness() {
        // reference: a bright "stroke" on pixels 0..1 and one on pixels 2..3; queries: the first stroke at a tenth of
        // its brightness, and a stroke across pixels 1..2 unlike either
        float[] reference = {1, 1, 0, 0, 0, 0, 1, 1};
        float[] queries = {0.1f, 0.1f, 0, 0, 0, 1, 1, 0};

        NearestNeighbours.Result angle =
                NearestNeighbours.find(queries, reference, 4, NearestNeighbours.Metric.ANGLE, manager);
        NearestNeighbours.Result euclidean =
                NearestNeighbours.find(queries, reference, 4, NearestNeighbours.Metric.EUCLIDEAN, manager);

        assertThat(angle.distance()[0]).isCloseTo(0, within(0.1)); // same direction
        assertThat(angle.index()[0]).isZero();
        assertThat(angle.distance()[1]).isCloseTo(60, within(1e-3)); // cos = 1/2
        // Euclidean: the faint copy is 1.27 from its original, yet the unrelated stroke is as near as √2 = 1.41
        assertThat(euclidean.distance()[0]).isCloseTo(Math.sqrt(2 * 0.81), within(1e-5));
        assertThat(euclidean.distance()[1]).isCloseTo(Math.sqrt(2), within(1e-5));
    }

    @Test
    void aZeroRowIsAtNinetyDegreesFromEverything() {
        NearestNeighbours.Result r = NearestNeighbours.find(
                new float[3], new float[] {1, 2, 3, 0, 1, 0}, 3, NearestNeighbours.Metric.ANGLE, manager);

        assertThat(r.distance()[0]).isEqualTo(90);
    }
}
