package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.data.Splits;
import dev.vaekit.engine.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Batches filled ahead on another thread are the batches assembled one after another on the training thread. */
class BatchPrefetcherTest {
    private static final int ROWS = 50;
    private static final int DIM = 6;

    private static Dataset greys() {
        float[] values = new float[ROWS * DIM];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return new Dataset("greys", values, null, 1, 2, 3);
    }

    /** The epoch's batches one after another through {@link Batches#filled}. */
    private static List<float[]> sequential(BatchAssembler assembler, int[] order, int batches, int size, long seed) {
        List<float[]> out = new ArrayList<>();
        SplittableRandom noise = new SplittableRandom(seed);
        try (NDManager manager = Engines.newManager()) {
            for (int b = 0; b < batches; b++) {
                int to = Math.min(order.length, b * size + size);
                out.add(Batches.filled(assembler, manager, order, b * size, to, noise)
                        .toFloatArray());
            }
        }
        return out;
    }

    private static List<float[]> prefetched(BatchAssembler assembler, int[] order, int batches, int size, long seed) {
        List<float[]> out = new ArrayList<>();
        try (NDManager manager = Engines.newManager();
                BatchPrefetcher prefetcher = new BatchPrefetcher(assembler)) {
            for (int epoch = 0; epoch < 2; epoch++) { // the buffers are reused across epochs
                out.clear();
                BatchPrefetcher.Epoch e = prefetcher.epoch(order, batches, size, new SplittableRandom(seed));
                for (int b = 0; b < batches; b++) {
                    out.add(e.next(manager).toFloatArray());
                }
            }
        }
        return out;
    }

    @Test
    void binarisedBatchesMatchTheSequentialOnesDrawForDraw() {
        int[] order = Splits.permutation(ROWS, 7);
        BatchAssembler assembler = BatchAssembler.of(greys(), DataConfig.defaults(), 8);

        List<float[]> expected = sequential(assembler, order, 7, 8, 11); // 6 batches of 8 and one of 2
        List<float[]> actual = prefetched(assembler, order, 7, 8, 11);

        assertThat(actual).hasSize(7);
        for (int b = 0; b < 7; b++) {
            assertThat(actual.get(b)).as("batch %d", b).containsExactly(expected.get(b));
        }
        assertThat(actual.get(6)).hasSize(2 * DIM);
    }

    @Test
    void streamedRowsCutToFewerBatchesMatchToo() {
        int[] order = Splits.permutation(ROWS, 8);
        DataSource streamed = new DataSource.Selection(greys(), Splits.permutation(ROWS, 9)); // read batch by batch
        BatchAssembler assembler = BatchAssembler.of(streamed, DataConfig.defaults(), 16);

        List<float[]> expected = sequential(assembler, order, 2, 16, 12);
        List<float[]> actual = prefetched(assembler, order, 2, 16, 12);

        assertThat(actual).hasSize(2);
        assertThat(actual.get(0)).containsExactly(expected.get(0));
        assertThat(actual.get(1)).containsExactly(expected.get(1));
    }

    @Test
    void aFailedReadIsRethrownAsItWasThrownAndAnEpochEndsAtItsBatches() {
        DataSource failing = new DataSource.View() {
            @Override
            public DataSource source() {
                return greys();
            }

            @Override
            public void read(int[] rows, float[] dst) {
                throw new InvalidInputException("greys: row " + rows[0] + " cannot be read");
            }
        };
        BatchAssembler assembler = BatchAssembler.of(failing, DataConfig.defaults(), 2);
        try (NDManager manager = Engines.newManager();
                BatchPrefetcher prefetcher = new BatchPrefetcher(assembler)) {
            BatchPrefetcher.Epoch epoch = prefetcher.epoch(new int[] {1, 0}, 1, 2, null);
            assertThatThrownBy(() -> epoch.next(manager))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("greys: row 1 cannot be read");
            assertThatThrownBy(() -> epoch.next(manager)).isInstanceOf(IllegalStateException.class);
        }
    }
}
