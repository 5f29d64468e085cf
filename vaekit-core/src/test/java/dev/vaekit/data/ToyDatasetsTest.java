package dev.vaekit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ToyDatasetsTest {
    @Test
    void eachSetHasItsSizesShapeAndADeterministicDraw() {
        for (String name : ToyDatasets.NAMES) {
            DatasetSplit split = Datasets.load(name, null);
            assertThat(split.train().size()).as(name).isEqualTo(ToyDatasets.TRAIN_SIZE);
            assertThat(split.test().size()).as(name).isEqualTo(ToyDatasets.TEST_SIZE);
            assertThat(split.train().dim()).isEqualTo(2);
            assertThat(split.train().name()).isEqualTo(name + "/train");
            assertThat(ToyDatasets.load(name).train().features())
                    .containsExactly(split.train().features());
            assertThat(split.test().features()[0]).isNotEqualTo(split.train().features()[0]);
        }
    }

    @Test
    void theRingsHaveTheirRadiiAndTheCheckerboardItsSquares() {
        Dataset rings = ToyDatasets.generate("rings", 4000, 3, "rings");
        for (int i = 0; i < rings.size(); i++) {
            double r = Math.hypot(rings.features()[2 * i], rings.features()[2 * i + 1]);
            assertThat(r).isCloseTo(0.5 * (rings.labels()[i] + 1), within(0.25));
        }
        Dataset board = ToyDatasets.generate("checkerboard", 4000, 3, "checkerboard");
        for (int i = 0; i < board.size(); i++) {
            double x = board.features()[2 * i];
            double y = board.features()[2 * i + 1];
            assertThat(Math.abs(x)).isLessThanOrEqualTo(2);
            assertThat(Math.abs(y)).isLessThanOrEqualTo(2);
            // black squares: column and row indices of the same parity
            assertThat(((int) Math.floor(x + 2) + (int) Math.floor(y + 2)) % 2).isZero();
        }
    }
}
