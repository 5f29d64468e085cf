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
            assertThat(ToyDatasets.load(name).trainRows().features())
                    .containsExactly(split.trainRows().features());
            assertThat(split.testRows().features()[0])
                    .isNotEqualTo(split.trainRows().features()[0]);
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

    @Test
    void theEightGaussiansSitOnTheirCircleInEqualShares() {
        Dataset gaussians = ToyDatasets.generate("8gaussians", 8000, 5, "8gaussians");
        assertThat(gaussians.dim()).isEqualTo(2);
        int[] counts = new int[8];
        double radius = 2 * Math.sqrt(2);
        double spread = 0.5 / Math.sqrt(2);
        double squaredDistances = 0;
        for (int i = 0; i < gaussians.size(); i++) {
            int k = gaussians.labels()[i];
            counts[k]++;
            double dx = gaussians.features()[2 * i] - radius * Math.cos(k * Math.PI / 4);
            double dy = gaussians.features()[2 * i + 1] - radius * Math.sin(k * Math.PI / 4);
            squaredDistances += dx * dx + dy * dy;
            assertThat(Math.hypot(dx, dy)).as("point %d from centre %d", i, k).isLessThan(6 * spread);
        }
        // E‖x − centre‖² = 2σ² for an isotropic Gaussian
        assertThat(squaredDistances / gaussians.size()).isCloseTo(2 * spread * spread, within(0.02));
        for (int k = 0; k < 8; k++) {
            assertThat(counts[k]).as("component %d", k).isBetween(850, 1150);
        }
        assertThat(ToyDatasets.generate("8gaussians", 100, 5, "again").features())
                .containsExactly(
                        ToyDatasets.generate("8gaussians", 100, 5, "once more").features());
    }
}
