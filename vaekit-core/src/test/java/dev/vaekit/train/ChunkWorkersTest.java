package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ChunkWorkersTest {

    @Test
    void everyItemRunsExactlyOnceAndTheLargestValueIsReturned() {
        for (int pass = 0; pass < 50; pass++) {
            int items = 1 + pass * 7;
            AtomicIntegerArray runs = new AtomicIntegerArray(items);
            float largest = ChunkWorkers.maxOver(items, (worker, item) -> {
                assertThat(worker).isBetween(0, ChunkWorkers.workers() - 1);
                runs.incrementAndGet(item);
                return item * 0.5f;
            });
            assertThat(largest).isEqualTo((items - 1) * 0.5f);
            for (int item = 0; item < items; item++) {
                assertThat(runs.get(item)).as("item %d of %d", item, items).isEqualTo(1);
            }
        }
    }

    @Test
    void aNaNFromAnyItemIsTheResult() {
        float largest = ChunkWorkers.maxOver(100, (worker, item) -> item == 37 ? Float.NaN : 1f);
        assertThat(largest).isNaN();
    }

    @Test
    void noItemsGiveZero() {
        assertThat(ChunkWorkers.maxOver(0, (worker, item) -> 1f)).isZero();
    }

    @Test
    void anItemsFailureIsRethrownAfterTheOthersFinished() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        assertThatThrownBy(() -> ChunkWorkers.maxOver(64, (worker, item) -> {
                    runs.incrementAndGet(item);
                    if (item == 10) {
                        throw new IllegalStateException("item 10");
                    }
                    return 0f;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("item 10");
        for (int item = 0; item < 64; item++) {
            assertThat(runs.get(item)).isEqualTo(1);
        }
    }
}
