package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vaekit.InvalidInputException;
import dev.vaekit.data.factors.CountingFactorData;
import dev.vaekit.data.factors.FactorSource;
import dev.vaekit.data.factors.Sprites;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code dsprites} and {@code dsprites-small} as training data: disjoint seeded samples of the generated observations,
 * each row the rendering of its factor classes, no labels, the factors kept for the metrics; dSprites rendered only
 * when its rows are read, the small set once into memory.
 */
class FactorDatasetsTest {

    @Test
    void theSmallSetLoadsIntoMemoryAsTrainingAndTestRowsOfItsImages() {
        DatasetSplit split = Datasets.load("dsprites-small", null);
        assertThat(split.train().size()).isEqualTo(2048);
        assertThat(split.test().size()).isEqualTo(256);
        assertThat(split.train().dim()).isEqualTo(32 * 32);
        assertThat(split.train().height()).isEqualTo(32);
        assertThat(split.train().hasLabels()).isFalse();
        assertThat(split.train().name()).isEqualTo("dsprites-small/train");
        // 2,304 images of 1,024 floats: under the in-memory limit, rendered once
        assertThat(split.train()).isInstanceOf(Dataset.class);
        assertThat(split.test()).isInstanceOf(Dataset.class);

        FactorSource[] sources = FactorDatasets.sources("dsprites-small");
        Sprites small = Sprites.small();
        for (int row : new int[] {0, 1, 777, 2047}) {
            float[] expected = small.render(sources[0].classes(row));
            assertThat(split.train().row(row)).as("row %d", row).containsExactly(expected);
        }
        for (float v : ((Dataset) split.train()).features()) {
            assertThat(v == 0f || v == 1f).isTrue();
        }
    }

    @Test
    void dspritesIsEveryObservationOnceSplitIntoTrainingAndTestRowsTheSameEveryTime() {
        FactorSource[] a = FactorDatasets.sources("dsprites");
        FactorSource[] b = FactorDatasets.sources("dsprites");
        assertThat(a[0].size()).isEqualTo(FactorDatasets.DSPRITES_TRAIN).isEqualTo(727_280);
        assertThat(a[1].size()).isEqualTo(FactorDatasets.DSPRITES_TEST).isEqualTo(10_000);
        assertThat(a[0].dim()).isEqualTo(64 * 64);
        boolean[] seen = new boolean[737_280];
        for (FactorSource part : a) {
            for (int r = 0; r < part.size(); r++) {
                int index = (int) part.index(r);
                assertThat(seen[index]).as("observation %d drawn twice", index).isFalse();
                seen[index] = true;
            }
        }
        for (int r = 0; r < 10_000; r++) {
            assertThat(a[1].index(r)).isEqualTo(b[1].index(r));
        }
        assertThat(a[0].index(12345)).isEqualTo(b[0].index(12345));
        // the test rows are a random sample: every shape, scale, orientation and position turns up among them
        int[][] counts = new int[6][40];
        for (int r = 0; r < a[1].size(); r++) {
            int[] c = a[1].classes(r);
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
    void dspritesLoadsWithoutRenderingAndAReadRendersOnlyTheRowsRead() {
        CountingFactorData counting = new CountingFactorData(Sprites.dsprites());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DatasetSplit split = FactorDatasets.load(counting, "dsprites");
        long loading = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(counting.rendered()).isZero();
        assertThat(split.train()).isInstanceOf(FactorDataSource.class);
        assertThat(split.test()).isInstanceOf(FactorDataSource.class);
        assertThat(split.train().size()).isEqualTo(727_280);
        assertThat(split.test().size()).isEqualTo(10_000);
        // the split's indices only: about 8 bytes per image (a permutation and the parts' copies of it), where the
        // images as floats would take 16,384 bytes each (12 GB)
        assertThat(loading).as("bytes allocated by loading").isLessThan(16L * 737_280);

        // the trainer's split into training and validation rows renders nothing either
        DataSource[] parts = Splits.trainValidation(split.train(), 0.1, 1);
        assertThat(parts[0].size() + parts[1].size()).isEqualTo(727_280);
        assertThat(counting.rendered()).isZero();

        // a batch of 64 rows renders those 64 images, exactly as the sprites are drawn
        int[] rows = new int[64];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = 10_000 * i + 17;
        }
        float[] batch = new float[64 * 4096];
        parts[0].read(rows, batch);
        assertThat(counting.rendered()).isEqualTo(64);
        FactorSource train = ((FactorDataSource) split.train()).rows();
        DataSource.Selection selection = (DataSource.Selection) parts[0];
        for (int i : new int[] {0, 31, 63}) {
            float[] expected = Sprites.dsprites().render(train.classes(selection.rows()[rows[i]]));
            assertThat(Arrays.copyOfRange(batch, i * 4096, (i + 1) * 4096))
                    .as("row %d", rows[i])
                    .containsExactly(expected);
        }
        // and a range of 10 test rows renders 10 more
        split.test().read(100, 110, new float[10 * 4096]);
        assertThat(counting.rendered()).isEqualTo(74);
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

        // the same rows through the data source the trainer reads
        DataSource rows = new FactorDataSource(train);
        assertThat(rows.labels()).isNull();
        assertThat(rows.hasLabels()).isFalse();
        assertThat(rows.name()).isEqualTo("dsprites/train");
        assertThat(List.of(rows.channels(), rows.height(), rows.width())).containsExactly(1, 64, 64);
        assertThat(rows.row(3)).containsExactly(Arrays.copyOfRange(two, train.dim(), 2 * train.dim()));
        float[] viaSource = new float[2 * train.dim()];
        rows.read(3, 5, viaSource);
        assertThat(viaSource).containsExactly(range);
        assertThatThrownBy(() -> rows.read(727_279, 727_281, new float[2 * 4096]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows [727279, 727281) outside [0, 727280)");
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
