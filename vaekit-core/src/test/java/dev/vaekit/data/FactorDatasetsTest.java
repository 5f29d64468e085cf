package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.FactorSource;
import dev.vaekit.data.factors.Sprites;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code dsprites} and {@code dsprites-small} as training data: disjoint seeded samples of the generated observations,
 * each row the rendering of its factor classes, no labels, the factors kept for the metrics.
 */
class FactorDatasetsTest {

    @Test
    void theSmallSetLoadsAsTrainingAndTestRowsOfItsImages() {
        DatasetSplit split = Datasets.load("dsprites-small", null);
        assertThat(split.train().size()).isEqualTo(2048);
        assertThat(split.test().size()).isEqualTo(256);
        assertThat(split.train().dim()).isEqualTo(32 * 32);
        assertThat(split.train().height()).isEqualTo(32);
        assertThat(split.train().hasLabels()).isFalse();
        assertThat(split.train().name()).isEqualTo("dsprites-small/train");

        FactorSource[] sources = FactorDatasets.sources("dsprites-small");
        Sprites small = Sprites.small();
        for (int row : new int[] {0, 1, 777, 2047}) {
            float[] expected = small.render(sources[0].classes(row));
            assertThat(split.train().row(row)).as("row %d", row).containsExactly(expected);
        }
        float[] values = split.trainRows().features();
        for (float v : values) {
            assertThat(v == 0f || v == 1f).isTrue();
        }
    }

    @Test
    void trainingAndTestRowsAreDisjointSamplesAndTheSameEveryTime() {
        FactorSource[] a = FactorDatasets.sources("dsprites");
        FactorSource[] b = FactorDatasets.sources("dsprites");
        assertThat(a[0].size()).isEqualTo(FactorDatasets.DSPRITES_TRAIN);
        assertThat(a[1].size()).isEqualTo(FactorDatasets.DSPRITES_TEST);
        assertThat(a[0].dim()).isEqualTo(64 * 64);
        Set<Long> seen = new HashSet<>();
        for (FactorSource part : a) {
            for (int r = 0; r < part.size(); r++) {
                assertThat(seen.add(part.index(r)))
                        .as("observation drawn twice")
                        .isTrue();
            }
        }
        assertThat(a[0].index(12345)).isEqualTo(b[0].index(12345));
        // the sample spans the factors: every shape, scale, orientation and position turns up among the training rows
        int[][] counts = new int[6][40];
        for (int r = 0; r < a[0].size(); r++) {
            int[] c = a[0].classes(r);
            for (int f = 0; f < 6; f++) {
                counts[f][c[f]]++;
            }
        }
        int[] sizes = Sprites.dsprites().sizes();
        for (int f = 0; f < 6; f++) {
            for (int k = 0; k < sizes[f]; k++) {
                assertThat(counts[f][k]).as("factor %d class %d", f, k).isPositive();
            }
        }
    }

    @Test
    void aSourceRendersTheRowsItIsAskedForAndHasNoLabels() {
        FactorSource train = FactorDatasets.sources("dsprites")[0];
        float[] two = new float[2 * train.dim()];
        train.read(new int[] {7, 3}, two);
        assertThat(Arrays.copyOfRange(two, 0, train.dim()))
                .containsExactly(Sprites.dsprites().render(train.index(7)));
        assertThat(Arrays.copyOfRange(two, train.dim(), 2 * train.dim()))
                .containsExactly(Sprites.dsprites().render(train.index(3)));
        float[] range = new float[2 * train.dim()];
        train.read(3, 5, range);
        assertThat(Arrays.copyOfRange(range, 0, train.dim()))
                .containsExactly(Arrays.copyOfRange(two, train.dim(), 2 * train.dim()));
        assertThat(train.labels()).isNull();
        assertThat(FactorSource.all(Sprites.small()).size()).isEqualTo(2304);
    }

    @Test
    void theFactorsOfANameAreThereForTheMetricsAndOnlyForFactorData() {
        assertThat(FactorDatasets.factors("dsprites"))
                .hasValueSatisfying(f -> assertThat(f.size()).isEqualTo(737_280));
        assertThat(FactorDatasets.factors(" dsprites-small ")).isPresent();
        assertThat(FactorDatasets.factors("mnist")).isEmpty();
        assertThat(Datasets.BUILT_IN).contains("dsprites", "dsprites-small");
        assertThatThrownBy(() -> FactorDatasets.sources("mnist"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("dataset: expected one of [dsprites, dsprites-small], found 'mnist'");
    }
}
