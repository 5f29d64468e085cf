package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.Vae;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trainer fits a PixelVAE (the PixelCNN decoder reads the batch it scores) through the usual loop. */
class PixelVaeTrainingTest {
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

    @Test
    void theLossFallsOverTwentyFourStepsOnMnistMini() {
        RunConfig config = Fixtures.runConfig(
                Binarization.DYNAMIC,
                Fixtures.pixelModel(28, 28, LikelihoodKind.BERNOULLI, 1),
                Fixtures.elbo(),
                Fixtures.training(3, 25, 3e-3, 0, 0, 4));
        RecordingListener recorder = new RecordingListener();
        List<EpochMetrics> metrics = recorder.epochs;
        List<Double> batchLosses = recorder.batchLosses;
        Engines.seed(4);
        try (Vae model = new Vae(config.model(), manager);
                Trainer trainer = new Trainer(config, model)) {
            trainer.addListener(recorder);
            trainer.fit(MnistMini.rows(0, 200), MnistMini.rows(200, 250));
        }

        assertThat(batchLosses).hasSize(24).allMatch(Double::isFinite);
        // from about 543 nats (p = 1/2 for every pixel) at the first batch
        assertThat(batchLosses.get(23)).as("batch losses %s", batchLosses).isLessThan(batchLosses.get(0) - 150);
        assertThat(metrics.get(2).trainLoss()).isLessThan(metrics.get(0).trainLoss() - 50);
        assertThat(metrics.get(2).validationLoss()).isLessThan(metrics.get(0).validationLoss());
        for (EpochMetrics m : metrics) {
            assertThat(m.trainKl()).isPositive();
            assertThat(m.trainBound()).isCloseTo(m.trainReconstruction() - m.trainKl(), within(1e-3));
        }
    }
}
