package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.TensorTest;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.Model;
import dev.vaekit.models.ModelConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Latent traversals: rows ordered by KL (or spread), each a sweep of one dimension by ±span standard deviations. */
class LatentTraversalTest extends TensorTest {
    private static ModelConfig vae(int latent) {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 3, 3)
                .latentDim(latent)
                .hidden(8)
                .build();
    }

    @Test
    void rowsFollowTheMeanKlAndEachSweepsOneDimensionAroundTheExamplesCodes() {
        Engines.seed(3);
        Dataset rows = Fixtures.brightTopImages(4, 40, 3);
        try (Model model = Model.create(vae(4), null, manager)) {
            var codes = model.requireAutoencoder();
            LatentTraversal t = LatentTraversal.of(codes, rows, 2, 5, 3);

            // the mean KL per dimension by hand, from the closed form of each row's posterior
            NDArray x = Tensors.create(manager, rows.features(), new Shape(40, 9));
            float[] perRow = codes.klPerDimension(x, null).orElseThrow().toFloatArray();
            double[] kl = new double[4];
            for (int i = 0; i < 40; i++) {
                for (int j = 0; j < 4; j++) {
                    kl[j] += perRow[i * 4 + j] / 40.0;
                }
            }
            assertThat(t.orderedBy()).isEqualTo("kl");
            assertThat(t.dimensions()).hasSize(4);
            for (int r = 0; r < 4; r++) {
                assertThat(t.kl()[r]).isCloseTo(kl[t.dimensions()[r]], within(1e-5));
                if (r > 0) {
                    assertThat(t.kl()[r]).isLessThanOrEqualTo(t.kl()[r - 1]);
                }
            }
            assertThat(t.images()).hasSize(4 * 2 * 5 * 9);

            // row 1, example 1, step 4 (t = +3): the example's code with its dimension moved by 3 standard deviations
            LatentCodes all = LatentSpace.encode(codes, rows, false, 0);
            double[] spread = CodeStatistics.of(all).std();
            int j = t.dimensions()[1];
            float[] z = all.row(1).clone();
            z[j] += (float) (3 * spread[j]);
            float[] expected = LatentSpace.decodeMeans(codes, z);
            int image = 1 * (2 * 5) + 1 * 5 + 4;
            assertThat(Fixtures.maxAbsDiff(Arrays.copyOfRange(t.images(), image * 9, (image + 1) * 9), expected))
                    .isLessThan(1e-5);
            // the middle step (t = 0) decodes the example's own code, the same in every row
            float[] own = LatentSpace.decodeMeans(codes, all.row(0));
            for (int r = 0; r < 4; r++) {
                int middle = r * 10 + 2;
                assertThat(Fixtures.maxAbsDiff(Arrays.copyOfRange(t.images(), middle * 9, (middle + 1) * 9), own))
                        .isLessThan(1e-5);
            }
            assertThat(t.offset(0)).isEqualTo(-3);
            assertThat(t.offset(4)).isEqualTo(3);
        }
    }

    @Test
    void aModelWithoutAClosedFormKlIsOrderedBySpread() {
        Engines.seed(5);
        Dataset rows = Fixtures.brightTopImages(6, 30, 3);
        ModelConfig ae = ModelConfig.builder("dense-ae")
                .inputShape(1, 3, 3)
                .latentDim(3)
                .hidden(8)
                .build();
        try (Model model = Model.create(ae, null, manager)) {
            LatentTraversal t = LatentTraversal.of(model.requireAutoencoder(), rows, 1, 3, 2);
            assertThat(t.orderedBy()).isEqualTo("spread");
            assertThat(t.kl()).isNull();
            assertThat(t.spread()[0]).isGreaterThanOrEqualTo(t.spread()[1]);
            assertThat(t.spread()[1]).isGreaterThanOrEqualTo(t.spread()[2]);
        }
    }

    @Test
    void settingsOutOfRangeAreRefusedInOneLine() {
        Dataset rows = Fixtures.brightTopImages(6, 30, 3);
        try (Model model = Model.create(vae(2), null, manager)) {
            var codes = model.requireAutoencoder();
            assertThatThrownBy(() -> LatentTraversal.of(codes, rows, 0, 5, 3))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("--examples must be in [1, 16], got 0");
            assertThatThrownBy(() -> LatentTraversal.of(codes, rows, 2, 50, 3))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("--steps must be in [2, 31], got 50");
            assertThatThrownBy(() -> LatentTraversal.of(codes, rows, 2, 5, -1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("--span must be in (0, 100] standard deviations, got -1.0");
            assertThatThrownBy(() -> LatentTraversal.of(codes, rows.slice(0, 1), 1, 5, 3))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("needs at least 2");
        }
    }
}
