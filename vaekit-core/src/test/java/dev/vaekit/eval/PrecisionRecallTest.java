package dev.vaekit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** k-NN precision and recall on point sets whose answers are known. */
class PrecisionRecallTest {

    /** n points of N(centre, I) in d dimensions, seeded. */
    private static float[] gaussian(int n, int d, double centre, long seed) {
        Random random = new Random(seed);
        float[] rows = new float[n * d];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (centre + random.nextGaussian());
        }
        return rows;
    }

    /** perMode points of N(c_m, I) around each of the given modes of 10 centres spread on a circle of radius 60. */
    private static float[] modes(int[] which, int perMode, long seed) {
        Random random = new Random(seed);
        float[] rows = new float[which.length * perMode * 2];
        int at = 0;
        for (int m : which) {
            double angle = 2 * Math.PI * m / 10;
            for (int i = 0; i < perMode; i++) {
                rows[at++] = (float) (60 * Math.cos(angle) + random.nextGaussian());
                rows[at++] = (float) (60 * Math.sin(angle) + random.nextGaussian());
            }
        }
        return rows;
    }

    @Test
    void radiiAreTheDistancesToTheKthNearestOtherPoint() {
        float[] points = {0, 1, 3, 6, 10};
        assertThat(PrecisionRecall.radii(points, 1, 1)).containsExactly(new double[] {1, 1, 2, 3, 4}, within(1e-12));
        assertThat(PrecisionRecall.radii(points, 1, 2)).containsExactly(new double[] {3, 2, 3, 4, 7}, within(1e-12));
        // a point's own zero distance is not its neighbour, even when another point coincides with it
        assertThat(PrecisionRecall.radii(new float[] {0, 0, 5}, 1, 1))
                .containsExactly(new double[] {0, 0, 5}, within(1e-12));
    }

    @Test
    void aHandWorkedExample() {
        float[] real = {0, 1, 3, 6, 10}; // radii 1, 1, 2, 3, 4 with k = 1
        float[] generated = {0.5f, 8.5f, 20, 30}; // radii 8, 8, 10, 10
        PrecisionRecall pr = PrecisionRecall.of(real, generated, 1, 1);
        // 0.5 is in the ball of 0 and 8.5 in that of 10 (radius 4); 20 and 30 are in none
        assertThat(pr.precision()).isEqualTo(0.5);
        // every real point is within 8 of 0.5 or 8.5
        assertThat(pr.recall()).isEqualTo(1.0);
        assertThat(pr.k()).isEqualTo(1);
        assertThat(pr.realCount()).isEqualTo(5);
        assertThat(pr.generatedCount()).isEqualTo(4);
    }

    @Test
    void identicalSetsHavePrecisionAndRecallOne() {
        float[] rows = gaussian(300, 8, 0, 1);
        PrecisionRecall pr = PrecisionRecall.of(rows, rows.clone(), 8, PrecisionRecall.DEFAULT_K);
        assertThat(pr.precision()).isEqualTo(1.0);
        assertThat(pr.recall()).isEqualTo(1.0);
    }

    @Test
    void disjointFarSetsHavePrecisionAndRecallZero() {
        PrecisionRecall pr =
                PrecisionRecall.of(gaussian(200, 8, 0, 1), gaussian(150, 8, 100, 2), 8, PrecisionRecall.DEFAULT_K);
        assertThat(pr.precision()).isZero();
        assertThat(pr.recall()).isZero();
    }

    @Test
    void copiesOfHalfTheModesHavePrecisionOneAndRecallOneHalf() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] real = modes(all, 40, 3);
        // the generator reproduces exactly the real points of modes 0..4 and nothing of 5..9
        float[] generated = Arrays.copyOf(real, real.length / 2);
        PrecisionRecall pr = PrecisionRecall.of(real, generated, 2, PrecisionRecall.DEFAULT_K);
        assertThat(pr.precision()).isEqualTo(1.0);
        assertThat(pr.recall()).isEqualTo(0.5);
    }

    @Test
    void freshDrawsOfHalfTheModesKeepThePrecisionAndHalveTheRecall() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] real = modes(all, 200, 4);
        PrecisionRecall full = PrecisionRecall.of(real, modes(all, 200, 5), 2, PrecisionRecall.DEFAULT_K);
        PrecisionRecall half =
                PrecisionRecall.of(real, modes(new int[] {0, 1, 2, 3, 4}, 200, 6), 2, PrecisionRecall.DEFAULT_K);
        // fresh draws of the real distribution: most fall inside the k-NN balls, not all (the balls miss the tails)
        assertThat(full.precision()).isGreaterThan(0.8);
        assertThat(full.recall()).isGreaterThan(0.8);
        // dropping modes 5..9 (37 units or more from any kept point) leaves the precision and halves the recall
        assertThat(half.precision()).isCloseTo(full.precision(), within(0.04));
        assertThat(half.recall()).isLessThanOrEqualTo(0.5);
        assertThat(half.recall() / full.recall()).isCloseTo(0.5, within(0.04));
    }

    @Test
    void theBlocksOfProductsDoNotChangeTheResult() {
        float[] real = gaussian(53, 5, 0, 6);
        float[] generated = gaussian(41, 5, 0.5, 7);
        PrecisionRecall whole = PrecisionRecall.of(real, generated, 5, 2);
        for (long block : new long[] {1, 7 * 53, 100, 1 << 20}) {
            assertThat(PrecisionRecall.of(real, generated, 5, 2, block)).isEqualTo(whole);
        }
        assertThat(whole.precision()).isStrictlyBetween(0.0, 1.0);
        assertThat(whole.recall()).isStrictlyBetween(0.0, 1.0);
    }

    @Test
    void aKWithoutEnoughNeighboursIsRefused() {
        float[] three = {0, 1, 2};
        assertThatThrownBy(() -> PrecisionRecall.of(three, gaussian(10, 1, 0, 1), 1, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [1, n − 1]");
        assertThatThrownBy(() -> PrecisionRecall.of(three, three, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrecisionRecall.of(three, three, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not whole rows of 2");
    }
}
