package dev.vaekit.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.engine.Tensors;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.models.Vae;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatentSpaceTest {
    private NDManager root;
    private Vae model;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        root = Engines.newManager();
        Engines.seed(5);
        model = new Vae(Fixtures.tinyModel(), root);
    }

    @AfterEach
    void close() {
        model.close();
        root.close();
    }

    private int live() {
        return ((BaseNDManager) root).getManagedArrays().size();
    }

    /** More rows than one batch, so the batching is exercised; labels 0..n−1. */
    private static Dataset data(int rows) {
        Dataset d = Fixtures.tinyBinaryData(11, rows);
        int[] labels = new int[rows];
        Arrays.setAll(labels, i -> i % 10);
        return new Dataset("tiny", d.features(), labels, 1, 2, 2);
    }

    @Test
    void meansInBatchesEqualOneWholePassAndKeepTheLabels() {
        Dataset data = data(LatentSpace.BATCH_SIZE * 2 + 37);

        LatentCodes codes = LatentSpace.encode(model, data, false, 0);

        assertThat(codes.size()).isEqualTo(data.size());
        assertThat(codes.latentDim()).isEqualTo(2);
        assertThat(codes.labels()).isEqualTo(data.labels());
        NDArray x = Tensors.create(root, data.features(), new Shape(data.size(), 4));
        float[] whole = model.encode(x).mean().toFloatArray();
        assertThat(Fixtures.maxAbsDiff(codes.values(), whole)).isLessThan(1e-6);
    }

    @Test
    void samplesAreSeededAndScatterAroundTheMean() {
        Dataset data = data(2000);

        LatentCodes means = LatentSpace.encode(model, data, false, 0);
        LatentCodes a = LatentSpace.encode(model, data, true, 3);
        LatentCodes b = LatentSpace.encode(model, data, true, 3);
        LatentCodes c = LatentSpace.encode(model, data, true, 4);

        assertThat(a.values()).containsExactly(b.values());
        assertThat(c.values()).isNotEqualTo(a.values());
        // z − μ(x) = σ(x) ε: mean near 0 over many rows, and not identically 0
        double sum = 0;
        double sumSq = 0;
        for (int k = 0; k < a.values().length; k++) {
            double e = a.values()[k] - means.values()[k];
            sum += e;
            sumSq += e * e;
        }
        int n = a.values().length;
        assertThat(sum / n).isCloseTo(0, within(0.1));
        assertThat(sumSq / n).isGreaterThan(0.01);
    }

    @Test
    void decodingGivesProbabilitiesForEveryCodeAndMatchesTheDecoder() {
        float[] z = Fixtures.normal(2, 2 * (LatentSpace.BATCH_SIZE + 3));

        float[] means = LatentSpace.decodeMeans(model, z);

        assertThat(means).hasSize((LatentSpace.BATCH_SIZE + 3) * 4);
        for (float v : means) {
            assertThat(v).isBetween(0f, 1f);
        }
        NDArray direct = model.observation().mean(model.decode(Tensors.create(root, z, new Shape(z.length / 2, 2))));
        assertThat(Fixtures.maxAbsDiff(means, direct.toFloatArray())).isLessThan(1e-6);
    }

    @Test
    void encodingAndDecodingLeaveNoTensorsBehind() {
        Dataset data = data(1200);
        LatentSpace.encode(model, data, true, 1);
        LatentSpace.decodeMeans(model, new float[2 * 1200]);
        int before = live();

        LatentSpace.encode(model, data, true, 1);
        LatentSpace.encode(model, data, false, 1);
        LatentSpace.decodeMeans(model, new float[2 * 1200]);

        assertThat(live()).isEqualTo(before);
    }

    @Test
    void rowsOfAnotherWidthAreRefused() {
        Dataset wide = new Dataset("wide", new float[9], null, 1, 3, 3);

        assertThatThrownBy(() -> LatentSpace.encode(model, wide, false, 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("wide: rows have 9 values; the model takes 4");
        assertThatThrownBy(() -> LatentSpace.decodeMeans(model, new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlainAutoencoderEncodesToItsCodesAndHasNothingToSample() {
        Dataset data = data(LatentSpace.BATCH_SIZE + 9);
        try (PlainAutoencoder ae = new PlainAutoencoder(Fixtures.tinyAutoencoder(), root)) {
            LatentCodes codes = LatentSpace.encode(ae, data, false, 0);

            NDArray x = Tensors.create(root, data.features(), new Shape(data.size(), 4));
            assertThat(Fixtures.maxAbsDiff(codes.values(), ae.encode(x).toFloatArray()))
                    .isLessThan(1e-6);
            assertThat(codes.labels()).isEqualTo(data.labels());
            assertThatThrownBy(() -> LatentSpace.encode(ae, data, true, 1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("plain autoencoder")
                    .hasMessageContaining("no q(z|x) to sample");
        }
    }
}
