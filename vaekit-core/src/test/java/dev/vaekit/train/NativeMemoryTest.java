package dev.vaekit.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.vaekit.Fixtures;
import dev.vaekit.data.Binarization;
import dev.vaekit.data.Dataset;
import dev.vaekit.engine.Engines;
import dev.vaekit.models.ImportanceSampledLogLikelihood;
import dev.vaekit.models.LikelihoodKind;
import dev.vaekit.models.ModelConfig;
import dev.vaekit.models.Vae;
import dev.vaekit.models.VaeConfig;
import dev.vaekit.nn.ActivationKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Native tensors live as long as their manager; the number of arrays a root manager tracks
 * ({@code getManagedArrays().size()}, which counts its sub-managers' arrays too) must not grow from one epoch,
 * checkpoint or evaluation to the next.
 */
class NativeMemoryTest {
    @TempDir
    Path dir;

    private NDManager root;
    private Vae model;
    private RunConfig config;

    @BeforeEach
    void build() {
        Engines.disableGradOnThisThread();
        root = Engines.newManager();
        ModelConfig m = ModelConfig.builder("dense-vae")
                .inputShape(1, 28, 28)
                .latentDim(8)
                .hidden(64)
                .activation(ActivationKind.RELU)
                .family(VaeConfig.builder().likelihood(LikelihoodKind.BERNOULLI).build())
                .build();
        // clipping on, so the gradient-norm path runs too
        config = Fixtures.runConfig(Binarization.DYNAMIC, m, Fixtures.elbo(), Fixtures.training(4, 100, 1e-3, 5, 0, 1));
        Engines.seed(1);
        model = new Vae(m, root);
    }

    @AfterEach
    void close() {
        model.close();
        root.close();
    }

    private int live() {
        return ((BaseNDManager) root).getManagedArrays().size();
    }

    @Test
    void trainingEpochsDoNotAccumulateArrays() {
        List<Integer> counts = new ArrayList<>();
        try (Trainer trainer = new Trainer(config, model)) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                    counts.add(live());
                }
            });
            trainer.fit(MnistMini.rows(0, 300), MnistMini.rows(300, 400));
        }

        // epoch 1 may create lasting arrays (cached gradients); later epochs must not add any
        assertThat(counts).as("live arrays after each epoch").hasSize(4);
        assertThat(counts.get(3)).as("live arrays after each epoch: %s", counts).isEqualTo(counts.get(1));
        assertThat(live())
                .as("after training, only the parameters and their gradients remain")
                .isLessThanOrEqualTo(2 * model.parameters().asMap().size());
    }

    @Test
    void savingCheckpointsDoesNotAccumulateArrays() {
        try (Trainer trainer = new Trainer(config, model)) {
            Checkpoint.save(dir, config, model, trainer.optimizer(), TrainerState.initial());
            int before = live();

            for (int i = 1; i <= 3; i++) {
                Checkpoint.save(dir, config, model, trainer.optimizer(), new TrainerState(i, i, Double.NaN, 0));
            }

            assertThat(live())
                    .as("live arrays before %d and after three more saves", before)
                    .isEqualTo(before);
        }
    }

    @Test
    void evaluationsDoNotAccumulateArrays() {
        Dataset data = Binarization.sample(MnistMini.rows(0, 50), 0);
        ValidationLoss.evaluate(model, data, 20);
        new ImportanceSampledLogLikelihood(model).evaluate(data, 10, 1);
        int before = live();

        for (int i = 0; i < 3; i++) {
            ValidationLoss.evaluate(model, data, 20);
            new ImportanceSampledLogLikelihood(model).evaluate(data, 10, i);
        }

        assertThat(live()).isEqualTo(before);
    }

    @Test
    void aPixelVaeTrainsAndDrawsWithoutAccumulatingArrays() {
        ModelConfig m = Fixtures.pixelModel(8, 8, LikelihoodKind.BERNOULLI, 1);
        RunConfig pixelConfig =
                Fixtures.runConfig(Binarization.DYNAMIC, m, Fixtures.elbo(), Fixtures.training(3, 20, 1e-3, 5, 0, 2));
        List<Integer> counts = new ArrayList<>();
        try (Vae pixel = new Vae(m, root);
                Trainer trainer = new Trainer(pixelConfig, pixel)) {
            trainer.addListener(new TrainingListener() {
                @Override
                public void onEpochEnd(Trainer t, EpochMetrics metrics, TrainerState state) {
                    counts.add(live());
                }
            });
            trainer.fit(Fixtures.brightTopImages(1, 40, 8), Fixtures.brightTopImages(2, 10, 8));
            assertThat(counts.get(2))
                    .as("live arrays after each epoch: %s", counts)
                    .isEqualTo(counts.get(1));

            NDArray z = root.randomNormal(new Shape(2, 2));
            pixel.render(z).close();
            int before = live();
            for (int i = 0; i < 2; i++) {
                pixel.render(z).close();
            }
            assertThat(live())
                    .as("live arrays before %d and after two draws", before)
                    .isEqualTo(before);
        }
    }
}
