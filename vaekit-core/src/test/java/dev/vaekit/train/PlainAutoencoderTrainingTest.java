package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.AutoencoderConfig;
import dev.vaekit.models.LikelihoodConfig;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.PlainAutoencoder;
import dev.vaekit.nn.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trainer fits a plain autoencoder through the same loop, listeners and metrics as a VAE. */
class PlainAutoencoderTrainingTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        Engines.disableGradOnThisThread();
        manager = Engines.newManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** 784-128-10 Bernoulli autoencoder. */
    private static ModelConfig mnistAe() {
        return ModelConfig.builder(PlainAutoencoder.TYPE)
                .inputShape(1, 28, 28)
                .latentDim(10)
                .hidden(128)
                .activation(ActivationKind.RELU)
                .family(AutoencoderConfig.builder()
                        .likelihood(LikelihoodConfig.builder()
                                .kind(LikelihoodKind.BERNOULLI)
                                .build())
                        .build())
                .build();
    }

    @Test
    void theReconstructionLossFallsOnMnistMiniAndTheKlIsZero() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC, mnistAe(), Fixtures.elbo(), Fixtures.training(3, 100, 1e-3, 0, 0, 1));
        RecordingListener recorder = new RecordingListener();
        List<EpochMetrics> metrics = recorder.epochs;
        List<Double> batchLosses = recorder.batchLosses;
        Engines.seed(1);
        try (PlainAutoencoder model = new PlainAutoencoder(config.model(), manager);
                Trainer trainer = new Trainer(config, model)) {
            trainer.addListener(recorder);
            trainer.fit(MnistMini.rows(0, 1000), MnistMini.rows(1000, 1200));
        }

        assertThat(batchLosses).hasSize(30);
        // from about 543 nats (p = 1/2 everywhere) at the first batch
        assertThat(batchLosses.get(29)).isLessThan(batchLosses.get(0) - 200);
        assertThat(metrics.get(2).trainLoss()).isLessThan(metrics.get(0).trainLoss() - 50);
        assertThat(metrics.get(2).validationLoss()).isLessThan(metrics.get(0).validationLoss());
        for (EpochMetrics m : metrics) {
            assertThat(m.trainKl()).isZero();
            assertThat(m.validationKl()).isZero();
            assertThat(m.trainBound()).isCloseTo(m.trainReconstruction(), within(1e-9));
            assertThat(m.trainLoss()).isCloseTo(-m.trainReconstruction(), within(1e-9));
            assertThat(m.validationLoss()).isCloseTo(-m.validationReconstruction(), within(1e-9));
            assertThat(m.trainLoss()).isPositive().isFinite();
        }
    }
}
