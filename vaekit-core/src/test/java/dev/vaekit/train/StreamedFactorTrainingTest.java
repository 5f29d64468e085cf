package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.DataConfig;
import dev.vaekit.data.DataSource;
import dev.vaekit.data.FactorDataSource;
import dev.vaekit.data.FactorDatasets;
import dev.vaekit.data.factors.CountingFactorData;
import dev.vaekit.data.factors.FactorSource;
import dev.vaekit.data.factors.Sprites;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import org.junit.jupiter.api.Test;

/**
 * Training on images rendered when a batch is read (a {@link FactorDataSource}, as {@code --dataset dsprites} is read):
 * each epoch renders its training rows batch by batch and its validation rows once, nothing is rendered ahead, and the
 * run is the same, loss for loss, as one on the same rows rendered into memory first.
 */
class StreamedFactorTrainingTest {

    @Test
    void aRenderedSourceTrainsBatchByBatchAsTheSameRowsInMemoryDo() {
        CountingFactorData sprites = new CountingFactorData(Sprites.small());
        FactorSource[] parts =
                FactorSource.split(sprites, 5, new String[] {"sprites/train", "sprites/validation"}, 256, 64);
        ModelConfig model = ModelConfig.builder("dense-vae")
                .inputShape(1, 32, 32)
                .latentDim(2)
                .hidden(16)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder().likelihood(LikelihoodKind.BERNOULLI).build())
                .build();
        RunConfig config = new RunConfig(
                new DataConfig("dsprites-small", Binarization.NONE, 0, 0),
                model,
                Fixtures.elbo(),
                Fixtures.training(2, 64, 1e-3, 0, 0, 3));

        RecordingListener streamed = fit(config, new FactorDataSource(parts[0]), new FactorDataSource(parts[1]));
        // 2 epochs of 4 batches of 64 rows, and the 64 validation rows after each
        assertThat(sprites.rendered()).isEqualTo(2 * (256 + 64));

        RecordingListener inMemory =
                fit(config, FactorDatasets.materialise(parts[0]), FactorDatasets.materialise(parts[1]));
        assertThat(sprites.rendered()).isEqualTo(2 * (256 + 64) + 256 + 64);

        assertThat(streamed.batchLosses).hasSize(8).containsExactlyElementsOf(inMemory.batchLosses);
        assertThat(streamed.epochs).hasSize(2);
        for (int e = 0; e < 2; e++) {
            assertThat(streamed.epochs.get(e).validationLoss())
                    .isFinite()
                    .isEqualTo(inMemory.epochs.get(e).validationLoss());
        }
    }

    private static RecordingListener fit(RunConfig config, DataSource train, DataSource validation) {
        RecordingListener recorder = new RecordingListener();
        Engines.disableGradOnThisThread(); // as each run starts alike: validation leaves it disabled
        try (NDManager manager = Engines.newManager()) {
            Engines.seed(config.training().seed());
            try (Vae vae = new Vae(config.model(), manager);
                    Trainer trainer = new Trainer(config, vae)) {
                trainer.addListener(recorder);
                trainer.fit(train, validation);
            }
        }
        return recorder;
    }
}
