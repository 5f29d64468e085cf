package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** {@code n} rows of two features: the row index and its negation; label = index mod 10. */
    private static Dataset rows(int n) {
        float[] f = new float[2 * n];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            f[2 * i] = i;
            f[2 * i + 1] = -i;
            l[i] = i % 10;
        }
        return new Dataset("rows", f, l, 1, 1, 2);
    }

    private static Set<Integer> ids(Dataset d) {
        Set<Integer> ids = new HashSet<>();
        for (int r = 0; r < d.size(); r++) {
            int id = (int) d.features()[2 * r];
            assertThat(d.features()[2 * r + 1]).isEqualTo(-id);
            assertThat(d.labels()[r]).isEqualTo(id % 10);
            ids.add(id);
        }
        return ids;
    }

    @Test
    void sizesAndPartition() {
        Dataset[] parts = Splits.trainValidation(rows(103), 0.1, 1);

        assertThat(parts[0].size()).isEqualTo(93);
        assertThat(parts[1].size()).isEqualTo(10);
        assertThat(parts[0].name()).isEqualTo("rows:train");
        assertThat(parts[1].name()).isEqualTo("rows:validation");
        Set<Integer> train = ids(parts[0]);
        Set<Integer> validation = ids(parts[1]);
        assertThat(train).doesNotContainAnyElementsOf(validation);
        assertThat(train.size() + validation.size()).isEqualTo(103);
    }

    @Test
    void deterministicPerSeed() {
        Dataset d = rows(50);

        Dataset[] a = Splits.trainValidation(d, 0.2, 9);
        Dataset[] b = Splits.trainValidation(d, 0.2, 9);
        Dataset[] c = Splits.trainValidation(d, 0.2, 10);

        assertThat(a[1].features()).containsExactly(b[1].features());
        assertThat(a[0].features()).containsExactly(b[0].features());
        assertThat(ids(a[1])).isNotEqualTo(ids(c[1]));
    }

    @Test
    void rowsKeepTheirOriginalOrderWithinEachPart() {
        Dataset[] parts = Splits.trainValidation(rows(40), 0.25, 3);

        for (Dataset p : parts) {
            for (int r = 1; r < p.size(); r++) {
                assertThat(p.features()[2 * r]).isGreaterThan(p.features()[2 * (r - 1)]);
            }
        }
    }

    @Test
    void zeroFractionGivesAnEmptyValidationSet() {
        Dataset[] parts = Splits.trainValidation(rows(7), 0.0, 1);

        assertThat(parts[0].size()).isEqualTo(7);
        assertThat(parts[1].size()).isZero();
        assertThat(parts[1].dim()).isEqualTo(2);
        assertThat(parts[1].labels()).isEmpty();
    }

    @Test
    void invalidFractions() {
        Dataset d = rows(10);
        for (double bad : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> Splits.trainValidation(d, bad, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("validation fraction: expected a number in [0, 1), found " + bad);
        }
    }

    @Test
    void fractionLeavingNoTrainingRows() {
        assertThatThrownBy(() -> Splits.trainValidation(rows(1), 0.9, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("validation fraction: 0.9 of 1 rows in rows leaves no training rows; expected a smaller"
                        + " fraction");
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Splits.permutation(1000, 4);

        assertThat(p).hasSize(1000);
        Set<Integer> seen = new HashSet<>();
        for (int i : p) {
            seen.add(i);
        }
        assertThat(seen).hasSize(1000).allMatch(i -> i >= 0 && i < 1000);
        assertThat(Splits.permutation(1000, 4)).containsExactly(p);
    }
}
