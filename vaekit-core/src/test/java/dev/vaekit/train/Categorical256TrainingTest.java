package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A dense VAE with the 256-way softmax likelihood trains on the 8-bit grey values of mnist-mini. */
class Categorical256TrainingTest {
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

    /** 784-32-4: the decoder's output layer is 32 × (256·784) wide. */
    private static ModelConfig model() {
        return ModelConfig.builder("dense-vae")
                .inputShape(1, 28, 28)
                .latentDim(4)
                .hidden(32)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder()
                        .likelihood(LikelihoodKind.CATEGORICAL_256)
                        .build())
                .build();
    }

    @Test
    void theLossFallsOnGreyMnistMini() {
        RunConfig config = Fixtures.runConfig(
                Binarization.NONE, model(), Fixtures.elbo(), Fixtures.training(2, 100, 1e-2, 0, 0, 1));
        RecordingListener recorder = new RecordingListener();
        List<EpochMetrics> metrics = recorder.epochs;
        List<Double> batchLosses = recorder.batchLosses;
        Engines.seed(1);
        try (Vae vae = new Vae(config.model(), manager);
                Trainer trainer = new Trainer(config, vae)) {
            trainer.addListener(recorder);
            trainer.fit(MnistMini.rows(0, 300), MnistMini.rows(300, 350));
        }

        System.out.printf("categorical-256, 784-32-4, batch losses: %s%n", batchLosses);
        assertThat(batchLosses).hasSize(6).allMatch(Double::isFinite);
        // 784 pixels, each a uniform guess over 256 levels at the start: 784 ln 256 ≈ 4347 nats
        assertThat(batchLosses.get(0)).isBetween(4000.0, 4700.0);
        assertThat(batchLosses.get(5)).isLessThan(batchLosses.get(0) - 100);
        assertThat(metrics.get(1).trainLoss()).isLessThan(metrics.get(0).trainLoss());
        assertThat(metrics.get(1).validationLoss()).isLessThan(metrics.get(0).validationLoss());
        // a probability mass function: log P(x|z) ≤ 0
        assertThat(metrics.get(1).trainReconstruction()).isNegative();
    }
}
