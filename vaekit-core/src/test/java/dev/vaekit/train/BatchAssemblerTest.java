package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import org.junit.jupiter.api.Test;

/** The batch buffer holds at most the data's rows, whatever the batch size asked for. */
class BatchAssemblerTest {

    @Test
    void aBatchSizeLargerThanTheDataIsTheWholeDataSet() {
        float[] values = {1, 2, 3, 4, 5, 6};
        BatchAssembler assembler = new BatchAssembler(values, 2, Integer.MAX_VALUE);
        // rows read through a data source get the same treatment
        DataSource rows = new Dataset("three rows", values, null, 1, 1, 2).select(new int[] {2, 0});
        BatchAssembler streamed = BatchAssembler.of(rows, dev.vaekit.data.DataConfig.defaults(), Integer.MAX_VALUE);
        try (NDManager manager = Engines.newManager()) {
            NDArray batch = Batches.filled(assembler, manager, new int[] {2, 0, 1}, 0, 3, null);
            assertThat(batch.toFloatArray()).containsExactly(5, 6, 1, 2, 3, 4);
            NDArray streamedBatch = Batches.filled(streamed, manager, new int[] {1, 0}, 0, 2, null);
            assertThat(streamedBatch.getShape().get(0)).isEqualTo(2);
        }
    }

    @Test
    void aBatchLargerThanOneBufferIsRefusedNamingTheField() {
        // 2^20 rows of 1024 values: 4 GiB in one batch
        DataSource wide = new DataSource() {
            @Override
            public String name() {
                return "wide";
            }

            @Override
            public int size() {
                return 1 << 20;
            }

            @Override
            public int channels() {
                return 1;
            }

            @Override
            public int height() {
                return 1;
            }

            @Override
            public int width() {
                return 1024;
            }

            @Override
            public int[] labels() {
                return null;
            }

            @Override
            public void read(int[] rows, float[] dst) {
                throw new AssertionError("nothing is read");
            }
        };
        assertThatThrownBy(() -> BatchAssembler.of(wide, dev.vaekit.data.DataConfig.defaults(), 1 << 20))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("training.batchSize: a batch of 1048576 rows of 1024 values takes 4294967296 bytes, more"
                        + " than one buffer holds (2147483639); expected at most 524287 rows");
    }
}
