package dev.vaekit.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.samplers.LatentSampler;
import dev.vaekit.samplers.SamplerConfig;
import dev.vaekit.samplers.SamplerKind;
import dev.vaekit.train.RunConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API fits a sampler to a trained model's codes, keeps it, and decodes its draws. */
class TrainedModelSamplerTest {
    @TempDir
    Path dir;

    @Test
    void aSamplerFittedThroughTheApiDrawsTheSameExamplesAfterASaveAndLoad() {
        RunConfig config = Fixtures.runConfig(Fixtures.tinyModel(), Fixtures.training(1, 50, 1e-3, 0, 0, 1));
        Dataset train = Fixtures.tinyBinaryData(2, 200);
        SamplerConfig gmm = SamplerConfig.builder(SamplerKind.GMM).components(2).build();
        try (TrainedModel vae = Training.of(config).fit(train);
                LatentSampler sampler = vae.fitSampler(vae.prepare(train), gmm)) {
            float[][] samples = vae.sample(sampler, 5, 1.0, 3);
            assertThat(samples).hasDimensions(5, 4);
            assertThat(samples).isDeepEqualTo(sampler.samples(vae.model(), 5, 1.0, 3));
            Path folder = LatentSampler.folder(dir, "gmm");
            sampler.save(folder);
            try (LatentSampler loaded = LatentSampler.load(folder)) {
                assertThat(vae.sample(loaded, 5, 1.0, 3)).isDeepEqualTo(samples);
            }
        }
    }
}
