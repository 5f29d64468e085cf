package dev.vaekit.samplers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.InvalidInputException;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.latent.LatentSpace;
import dev.vaekit.models.Model;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sampler fitted through a model: its codes are the model's, and its draws decode through the model's decoder. */
class SamplerModelTest {
    private NDManager root;
    private Model vae;
    private Model autoencoder;
    private final Dataset rows = Fixtures.tinyBinaryData(3, 300);

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        root = Engines.newManager();
        Engines.seed(5);
        vae = Model.create(Fixtures.tinyModel(), null, root);
        autoencoder = Model.create(Fixtures.tinyAutoencoder(), null, root);
    }

    @AfterEach
    void close() {
        vae.close();
        autoencoder.close();
        root.close();
    }

    @Test
    void theCodesAreTheModelsPosteriorMeansOrDrawsOfQ() {
        float[] means = LatentSampler.codes(vae, rows, CodeSource.MEAN, 1);
        assertThat(means)
                .isEqualTo(LatentSpace.encode(vae.requireAutoencoder(), rows, false, 0)
                        .values());
        float[] draws = LatentSampler.codes(vae, rows, CodeSource.SAMPLE, 7);
        assertThat(draws)
                .isEqualTo(LatentSpace.encode(vae.requireAutoencoder(), rows, true, 7)
                        .values());
        assertThat(draws).isNotEqualTo(means);
    }

    @Test
    void itsDrawsDecodeToTheMeansOfTheModelsDecoder() {
        try (LatentSampler sampler = LatentSampler.fit(vae, rows, SamplerFixtures.tiny(SamplerKind.GMM))) {
            assertThat(sampler.spec().fitCodes()).isEqualTo(270);
            float[] codes = sampler.drawCodes(6, 1, 4);
            float[] decoded = sampler.decodedSamples(vae, 6, 1, 4);
            assertThat(decoded).isEqualTo(LatentSpace.decodeMeans(vae.requireAutoencoder(), codes));
            float[][] samples = sampler.samples(vae, 6, 1, 4);
            assertThat(samples).hasDimensions(6, 4);
            assertThat(samples[5]).isEqualTo(Arrays.copyOfRange(decoded, 20, 24));
            for (float v : decoded) {
                assertThat(v).isBetween(0f, 1f); // Bernoulli means
            }
        }
    }

    @Test
    void aPlainAutoencodersCodesTakeASamplerButNotDrawsOfQ() {
        try (LatentSampler sampler = LatentSampler.fit(autoencoder, rows, SamplerFixtures.tiny(SamplerKind.GMM))) {
            assertThat(sampler.decodedSamples(autoencoder, 3, 1, 1)).hasSize(12);
        }
        SamplerConfig draws = SamplerFixtures.tiny(SamplerKind.GMM).toBuilder()
                .codes(CodeSource.SAMPLE)
                .build();
        assertThatThrownBy(() -> LatentSampler.fit(autoencoder, rows, draws))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("codes sample draws z ~ q(z|x), but a dense-ae encodes each example to one code; fit to "
                        + "its codes (mean)");
    }
}
