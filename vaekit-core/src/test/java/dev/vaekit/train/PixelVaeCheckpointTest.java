package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.ImportanceSampledLogLikelihood;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Vae;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved PixelVAE loads back with its PixelCNN: the same likelihood, the same samples. */
class PixelVaeCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void aLoadedPixelVaeGivesTheSameLogLikelihoodAndTheSameSamples() {
        Engines.disableGradOnThisThread();
        try (NDManager manager = Engines.newManager();
                NDManager other = Engines.newManager()) {
            Engines.seed(9);
            RunConfig config = Fixtures.runConfig(
                    Fixtures.pixelModel(8, 8, LikelihoodKind.BERNOULLI, 1), Fixtures.training(1, 16, 0.01, 0, 0, 3));
            Dataset test = Fixtures.brightTopImages(2, 12, 8);
            double[] trained;
            double[] restored;
            float[] sample;
            float[] restoredSample;
            try (Vae model = new Vae(config.model(), manager);
                    Trainer trainer = new Trainer(config, model)) {
                TrainerState state =
                        trainer.fit(Fixtures.brightTopImages(1, 64, 8), Fixtures.brightTopImages(3, 16, 8));
                Checkpoint.save(dir, config, model, trainer.optimizer(), state);
                trained = new ImportanceSampledLogLikelihood(model)
                        .scores(test, 6, 5, 0)
                        .logLikelihood();
                NDArray z = manager.randomNormal(new Shape(3, 2));
                Engines.seed(4);
                sample = model.render(z).toFloatArray();

                Checkpoint.Loaded loaded = Checkpoint.load(dir, other);
                assertThat(loaded.config()).isEqualTo(config);
                assertThat(loaded.model()).isInstanceOf(Vae.class);
                Vae back = (Vae) loaded.model();
                assertThat(back.autoregressive()).isTrue();
                restored = new ImportanceSampledLogLikelihood(back)
                        .scores(test, 6, 5, 0)
                        .logLikelihood();
                Engines.seed(4);
                restoredSample = back.render(z).toFloatArray();
                back.close();
            }

            assertThat(restored).containsExactly(trained);
            assertThat(Arrays.stream(trained)).allMatch(v -> Double.isFinite(v) && v < 0);
            assertThat(restoredSample).containsExactly(sample);
        }
    }
}
